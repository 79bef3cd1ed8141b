#!/usr/bin/env python3
"""The README's syllabus table, rendered from the table of lessons (``lossbook/lessons.py``).

Usage: python tools/syllabus.py           print the table
       python tools/syllabus.py --write   replace the table in README.md (its header row to the next blank line)

``tests/test_lessons.py`` checks that the README's table matches the lessons row for row.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from lossbook.lessons import LESSONS  # noqa: E402

HEADER = "| # | lesson | what you do | newsletter section |\n|---|---|---|---|"
BEYOND = "*beyond the newsletters*"
NO_SECTION = "—"


def section_cell(lesson) -> str:
    """What the README shows in the section column: the section, the beyond-the-newsletters mark, or a dash."""
    if lesson.beyond_newsletter:
        return BEYOND
    return lesson.section if lesson.section is not None else NO_SECTION


def row(lesson) -> str:
    return (f"| {lesson.number} | [{lesson.title}]({lesson.notebook}) | {lesson.what_you_do} | "
            f"{section_cell(lesson)} |")


def table() -> str:
    return "\n".join([HEADER, *(row(lesson) for lesson in LESSONS)])


def write(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    head = HEADER.split("\n")[0]
    start = text.index(head)
    end = text.find("\n\n", start)
    end = len(text) if end == -1 else end
    readme.write_text(text[:start] + table() + text[end:], encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="replace the table in README.md")
    args = parser.parse_args(argv)
    if args.write:
        write(REPO / "README.md")
    else:
        print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
