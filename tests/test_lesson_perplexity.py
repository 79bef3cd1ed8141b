"""Lesson 3.7, notebooks/week3/07-perplexity.ipynb: what is special about its pieces, the toy text
(lossbook.datasets.toy_text, encode_characters), the bigram model (lossbook.models.bigram_model,
next_token_predictions) and lossbook/{plots,widgets,exercises}/perplexity.py (tests/test_plots.py, test_widgets.py and
test_exercises.py cover every lesson alike)."""

import math

import numpy as np
import pytest

import lossbook as lb
from lossbook.datasets import CHARACTERS, encode_characters, toy_text
from lossbook.models import bigram_model, next_token_predictions


def test_toy_text_fits_the_vocabulary_and_holds_out_an_unseen_letter():
    text = toy_text()
    assert len(CHARACTERS) == 27 and CHARACTERS[0] == " "
    assert set(text.train) <= set(CHARACTERS) and set(text.held_out) <= set(CHARACTERS)
    assert "  " not in text.train + text.held_out and len(text.train) > 5 * len(text.held_out)
    assert set(text.held_out) - set(text.train) == {"x"}
    assert encode_characters("az ").tolist() == [1, 26, 0]


@pytest.mark.parametrize(("text", "error"), [("The sea", ValueError), ("sea.", ValueError), (["s"], TypeError)])
def test_encode_characters_names_what_it_cannot_encode(text, error):
    with pytest.raises(error, match="text"):
        encode_characters(text)


def test_bigram_counts_by_hand():
    # tokens 0 1 1 2 0 1 over V = 3: pairs (0,1) twice, (1,1), (1,2), (2,0)
    table = bigram_model(np.array([0, 1, 1, 2, 0, 1]), 3, smoothing=0.5)
    expected = np.array([[0.5, 2.5, 0.5], [0.5, 1.5, 1.5], [1.5, 0.5, 0.5]])
    expected /= np.array([[2 + 1.5], [2 + 1.5], [1 + 1.5]])  # count(a .) + k V
    np.testing.assert_allclose(table, expected, rtol=1e-14)
    labels, rows = next_token_predictions(table, np.array([2, 0, 0]))
    assert labels.tolist() == [0, 0]
    np.testing.assert_allclose(rows, table[[2, 0]], rtol=0)


def test_smoothing_moves_the_perplexity_between_the_counts_and_the_uniform_guess():
    text = toy_text()
    train, held = encode_characters(text.train), encode_characters(text.held_out)

    def ppl(k, tokens):
        return lb.perplexity(*next_token_predictions(bigram_model(train, 27, smoothing=k), tokens))

    ks = 10.0 ** np.arange(-3, 2.01, 0.5)
    on_train = [ppl(k, train) for k in ks]
    on_held = [ppl(k, held) for k in ks]
    assert np.all(np.diff(on_train) > 0)                 # the counts fit the training text best
    best = int(np.argmin(on_held))
    assert 0 < best < len(ks) - 1                        # held out: too little and too much smoothing both cost
    assert all(t < h for t, h in zip(on_train, on_held))
    assert 20 < on_held[-1] < 27 and ppl(1e6, held) == pytest.approx(27, rel=1e-3)   # towards V = 27


def test_per_word_perplexity_of_the_same_model_is_far_larger():
    # the notebook's point: the same nats, divided by fewer tokens (words instead of characters)
    held = encode_characters(toy_text().held_out)
    table = bigram_model(encode_characters(toy_text().train), 27, smoothing=0.1)
    labels, rows = next_token_predictions(table, held)
    total = lb.sparse_categorical_cross_entropy(labels, rows, reduction="sum")
    words = len(toy_text().held_out.split())
    per_char = lb.perplexity(labels, rows)
    assert math.exp(total / words) == pytest.approx(per_char ** (len(labels) / words), rel=1e-12)
    assert math.exp(total / words) > 1000 * per_char


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"smoothing": 0.0}, "smoothing"), ({"smoothing": -1.0}, "smoothing"), ({"smoothing": math.inf}, "smoothing"),
    ({"vocab_size": 1}, "vocab_size"), ({"tokens": np.array([0, 27])}, "tokens"), ({"tokens": np.array([3])}, "tokens"),
    ({"tokens": np.array([0.0, 1.0])}, "tokens"),
])
def test_bigram_model_bad_input(kwargs, words):
    args = {"tokens": np.array([0, 1, 2]), "vocab_size": 27, "smoothing": 1.0, **kwargs}
    with pytest.raises(ValueError, match=words):
        bigram_model(args["tokens"], args["vocab_size"], smoothing=args["smoothing"])


def test_widget_readout_and_markers_follow_the_slider():
    w = lb.widgets.bigram_smoothing(log_smoothing=-1.0)
    text = toy_text()
    table = bigram_model(encode_characters(text.train), 27, smoothing=0.1)
    held = lb.perplexity(*next_token_predictions(table, encode_characters(text.held_out)))
    assert f"{held:.2f} on the held-out text" in w.text and "'h'" in w.text
    w.set(log_smoothing=2.0)
    assert "k = 100 " in w.text
    x, y = w.plot.held_point.get_data()
    assert x[0] == pytest.approx(100.0) and 20 < y[0] < 27
    heights = [bar.get_height() for bar in w.plot.bars]
    assert max(heights) < 0.1 and sum(heights) == pytest.approx(1.0)   # after 't', close to uniform
    assert w.plot.values["held-out text"].get_text().endswith(f"{y[0]:.2f}")   # written as text under the legend
    assert w.plot.values["training text"].get_text().endswith(f"{w.plot.train_point.get_data()[1][0]:.2f}")
    with pytest.raises(ValueError, match="after"):
        lb.widgets.bigram_smoothing(after="T")


def test_figure_legend_and_value_texts_leave_the_curves_clear():
    w = lb.widgets.bigram_smoothing(log_smoothing=2.0)
    plot = w.plot
    plot.png()
    renderer = plot.canvas.get_renderer()
    boxes = [plot.ax.get_legend().get_window_extent(renderer)]
    boxes += [t.get_window_extent(renderer) for t in plot.values.values()]
    for line in plot.ax.get_lines()[1:3]:                                   # the two perplexity curves
        xy = plot.ax.transData.transform(np.column_stack(line.get_data()))
        for box in boxes:
            inside = (xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1) & (xy[:, 1] >= box.y0) & (xy[:, 1] <= box.y1)
            assert not inside.any()
    assert not any(g.get_visible() for g in plot.bax.xaxis.get_gridlines())   # no vertical grid behind thin bars
    assert min(t.get_fontsize() for t in plot.bax.get_xticklabels()) >= 10


def test_exercises_name_the_log_space_and_base_mistakes():
    ex = lb.exercises.perplexity
    assert ex.by_hand.evaluate((2 + 5 + 10) / 3).misconception == "mean_of_inverses"
    assert ex.by_hand.evaluate(round(100 ** (1 / 3), 2)).status == "correct"      # the cube root of 2 x 5 x 10
    assert float(ex.by_hand.answer) != pytest.approx(lb.perplexity([0, 1, 2], [[0.5, 0.25, 0.25], [0.5, 0.25, 0.25],
                                                                        [0.5, 0.375, 0.125]]))  # not the doctest's
    # A at perplexity 18 against B at 4.5 bits per token: A's bits are log2 18, so A is lower by 4.5 - log2 18
    assert ex.compare_in_bits.answer == pytest.approx(4.5 - math.log(18) / math.log(2), rel=1e-12)
    assert ex.compare_in_bits.evaluate(0.33).status == "correct"
    assert ex.compare_in_bits.evaluate(4.5 - math.log(18)).misconception == "nats"
    assert ex.compare_in_bits.evaluate(-0.33).misconception == "wrong_sign"
    # a reported loss of 3.3 nats against the uniform guess's ln V: the perplexities' ratio is exp(ln V - 3.3)
    assert ex.uniform_baseline.answer == pytest.approx(math.exp(math.log(50_257) - 3.3), rel=1e-12)
    assert ex.uniform_baseline.evaluate(math.log(50_257) - 3.3).misconception == "gap_in_nats"
    assert ex.uniform_baseline.evaluate(1854).status == "correct"
    assert 1 < ex.held_out_guess.truth < 27


def test_figure_draws_no_marker_key_among_the_data():
    # the only markers inside the axes are the two current points; their keys live in the legend
    plot = lb.widgets.bigram_smoothing(log_smoothing=-1.0).plot
    marked = [line for line in plot.ax.get_lines() if line.get_marker() not in (None, "None", "", " ")]
    assert sorted(id(m) for m in marked) == sorted([id(plot.held_point), id(plot.train_point)])
    legend_markers = {h.get_marker() for h in plot.ax.get_legend().legend_handles}
    assert {"o", "s"} <= legend_markers


def test_guess_explanation_names_the_no_context_step():
    # a model with no context but the character frequencies sits between the bigram model and the uniform guess
    text = lb.datasets.toy_text()
    train, held = lb.datasets.encode_characters(text.train), lb.datasets.encode_characters(text.held_out)
    freq = np.bincount(train, minlength=27) + 0.1
    no_context = np.exp(-np.mean(np.log(freq[held[1:]] / freq.sum())))
    bigram = lb.exercises.perplexity.held_out_guess.truth
    assert bigram < 10 < no_context < 20 < 27
    assert f"{no_context:.1f}" in lb.exercises.perplexity.held_out_guess.why
