"""Lesson 2.9, notebooks/week2/09-how-to-choose.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/how_to_choose.py (tests/test_plots.py, test_widgets.py and test_exercises.py
cover every lesson alike).
"""

import pytest

import lossbook as lb

def lb_choosing():
    from lossbook import choosing

    return choosing


@pytest.mark.parametrize("problem, flags, loss", [
    ("regression", {}, "mse"),
    ("regression", {"outliers": True}, "huber"),
    ("binary", {}, "bce"),
    ("binary", {"imbalanced": True}, "focal"),
    ("multiclass", {}, "cce"),
    ("multiclass", {"integer_labels": True}, "sparse_cce"),
    ("multiclass", {"imbalanced": True, "integer_labels": True}, "sparse_cce"),  # class-weighted, sparse
    ("segmentation", {"imbalanced": True}, "dice"),
    ("pairs", {}, "contrastive"),
    ("triplets", {}, "triplet"),
    ("distributions", {}, "kl"),
    ("sequence", {"outliers": True}, "ctc"),
])
def test_recommend_follows_the_newsletter_list(problem, flags, loss):
    assert lb_choosing().recommend(problem, **flags).loss.key == loss


def test_every_loss_call_exists_and_every_problem_has_a_default():
    choosing = lb_choosing()
    for loss in choosing.LOSSES.values():
        assert callable(getattr(lb, loss.call.removeprefix("lb.")))
    for problem in choosing.PROBLEMS:
        assert any(r.problem == problem and not r.when for r in choosing.RULES), problem
    assert "does not change the choice" in str(choosing.recommend("binary", outliers=True))
    with pytest.raises(ValueError, match="problem must be one of"):
        choosing.recommend("clustering")


def test_decision_table_is_built_from_the_rules():
    choosing = lb_choosing()
    table = choosing.decision_table()
    assert len(table) == len(choosing.RULES)
    assert "<table>" in table._repr_html_() and "Huber" in repr(table)


def test_frameworks_table_covers_every_loss_and_keeps_keras_conservative():
    from lossbook import frameworks

    choosing = lb_choosing()
    assert {s.key for s in frameworks.SPELLINGS} == set(choosing.LOSSES)
    assert frameworks.keras_name("triplet") == frameworks.NO_KERAS
    assert "from_logits" in frameworks.keras_name("bce")
    # Facts checked against PyTorch 2.13 in an ad-hoc script (torch is not a dependency of the course):
    # HuberLoss(delta=2) == 2 * SmoothL1Loss(beta=2); KLDivLoss(batchmean)(log Q, P) == lb.kl_divergence(P, Q);
    # CrossEntropyLoss(logits, int labels) == lb.sparse_categorical_cross_entropy_with_logits; CTCLoss(sum) == lb.ctc;
    # BCELoss at p = 0 uses the -100 clamp, like lb.binary_cross_entropy.
    assert "KLDivLoss" in frameworks.pytorch_name("kl") and "batchmean" in frameworks.pytorch_name("kl")
    assert len(frameworks.names_table(notes=True).columns) == 5


def test_chooser_cards_agree_with_the_losses():
    from lossbook.plots.how_to_choose import card_spec

    assert card_spec("huber").loss_at(1.0) == pytest.approx(lb.huber(0.0, 3.0))
    assert card_spec("bce").loss_at(1.0) == pytest.approx(lb.binary_cross_entropy(1, 0.01))
    dice = card_spec("dice")
    assert dice.curves[0][1][-1] > 0.15 and dice.curves[1][1].max() < 0.11  # per-pixel BCE barely sees the tumour


def test_loss_chooser_readout_and_card_follow_the_recommendation():
    w = lb.widgets.loss_chooser()
    assert "Use Mean squared error (MSE)" in w.text
    w.set(outliers=True, wrongness=1.0)
    assert "Use Huber" in w.text and "loss = 2.500" in w.text
    assert w.plot.current == "huber"
    w.set(problem="segmentation", imbalanced=True)
    assert "Use Dice" in w.text and w.plot.current == "dice"


def test_several_classes_with_a_rare_one_keep_the_softmax_and_weight_the_classes():
    """lb.focal_with_logits is the two-class (sigmoid) form: the multiclass rows must not send there."""
    choosing = lb_choosing()
    for flags in ({"imbalanced": True}, {"imbalanced": True, "integer_labels": True}):
        rec = choosing.recommend("multiclass", **flags)
        assert rec.loss.call != "lb.focal_with_logits" and rec.variant == "class-weighted"
        assert "class-weighted" in str(rec) and "lesson 3.5" in rec.why
    rows = [r for r in choosing.decision_table().rows if r[0] == "multiclass"]
    assert all(r[3] != "lb.focal_with_logits" for r in rows)
    assert ("multiclass", "one class is rare", "Categorical cross-entropy (with softmax), class-weighted",
            "lb.categorical_cross_entropy_with_logits") in rows
    w = lb.widgets.loss_chooser(problem="multiclass", imbalanced=True)
    assert "class-weighted" in w.text


def test_the_defect_exercise_needs_the_problem_type_and_both_flags():
    from lossbook.exercises import how_to_choose as ex

    choosing = lb_choosing()
    rec = choosing.recommend("multiclass", imbalanced=True, integer_labels=True)
    answer = ex.LOSS_MENU.index(f"{rec.loss.name.lower()}, {rec.variant}")   # the chooser's own answer, by name
    assert ex.defect_loss.evaluate(answer).correct
    # Each wrong menu item is a named slip: a flag missed, the two-class focal form, or the wrong problem type.
    missed_rare = ex.LOSS_MENU.index(choosing.recommend("multiclass", integer_labels=True).loss.name.lower())
    assert ex.defect_loss.evaluate(missed_rare).misconception == "rare_ignored"
    assert ex.defect_loss.evaluate(ex.LOSS_MENU.index("categorical cross-entropy, class-weighted")).misconception \
        == "one_hot_form"
    assert ex.defect_loss.evaluate(ex.LOSS_MENU.index("focal loss")).misconception == "sigmoid_focal"
    assert ex.defect_loss.evaluate(ex.LOSS_MENU.index("Dice")).misconception == "dice_for_photos"
    assert ex.defect_loss.evaluate(ex.LOSS_MENU.index("binary cross-entropy")).misconception == "binary_for_six"


def test_key_box_gives_the_values_of_curves_that_leave_the_picture():
    """MSE leaves the axes near wrongness 0.75 on the Huber card: the key box gives its value at 1 (9, from
    lb.mse); Huber, which stays inside, gets no such note."""
    from lossbook.plots.how_to_choose import ChooserPlot

    plot = ChooserPlot(["huber", "ctc"])
    plot.show("huber", 1.0, "regression, outliers: Huber")
    rows = plot.key_text.get_text().splitlines()
    mse_row = next(r for r in rows if "MSE" in r)
    assert f"{lb.mse(0.0, 3.0):.3g} at 1" in mse_row and "off the top from 0.75" in mse_row
    assert "off the top" not in rows[0]  # Huber itself stays in view
    plot.show("ctc", 0.5, "sequence: CTC")   # its own y-range (0 to 8) holds the whole CTC curve
    assert "off the top" not in plot.key_text.get_text()
    fixed = ChooserPlot(["ctc"], ylim=(0.0, 5.0))   # one y-range for all cards: CTC (5.09 at 1) leaves the top
    fixed.show("ctc", 0.5, "sequence: CTC")
    assert "off the top" in fixed.key_text.get_text().splitlines()[0]


def test_each_card_uses_its_own_y_range_without_new_artists():
    """The segmentation card's y-axis is Dice's 0 to 1.05, not the regression cards' 0 to 5, so the per-pixel
    cross-entropy (about 0.10 at wrongness 1) is visibly apart from the x-axis; switching cards creates no artist."""
    from lossbook.plots.how_to_choose import ChooserPlot, card_spec

    plot = ChooserPlot(["mse", "dice", "contrastive", "ctc"])
    plot.show("mse", 0.5, "regression")
    plot.png()
    n = plot.n_artists()
    for key in ("dice", "contrastive", "ctc", "mse", "dice"):
        plot.show(key, 1.0, key)
        plot.png()
        assert plot.ax.get_ylim() == pytest.approx(card_spec(key).ylim)
        shown = [t for t in plot.ax.get_yticks() if t <= plot.ax.get_ylim()[1]]
        assert len(shown) >= 4, key   # enough labelled ticks to read values off
    assert plot.n_artists() == n
    assert card_spec("dice").curves[1][1].max() / plot.ax.get_ylim()[1] > 0.09   # about a tenth up, not 2%


def test_only_the_binary_card_calls_its_grey_line_mse():
    """With one probability p, MSE is exactly (1 - p)^2; with several classes, MSE against a one-hot label adds
    the wrong classes' squared probabilities, so the multiclass cards name only the true-class part."""
    import numpy as np

    from lossbook.plots.how_to_choose import card_spec

    p = card_spec("bce").x
    assert card_spec("bce").curves[1][0].startswith("MSE")
    assert card_spec("bce").curves[1][1] == pytest.approx(lb.mse(np.ones_like(p), p, reduction="none"))
    for key in ("cce", "sparse_cce"):
        assert "MSE" not in card_spec(key).curves[1][0] and "true class" in card_spec(key).curves[1][0]


def test_rare_class_with_integer_labels_keeps_the_sparse_form_and_huber_reason_says_half():
    from lossbook import choosing

    r = choosing.recommend("multiclass", imbalanced=True, integer_labels=True)
    assert (r.loss.key, r.variant) == ("sparse_cce", "class-weighted")
    assert choosing.recommend("multiclass", imbalanced=True).loss.key == "cce"
    assert "half the squared miss" in choosing.recommend("regression", outliers=True).why


def test_wide_tables_print_one_row_at_a_time_within_the_width():
    from lossbook import frameworks

    choosing = lb_choosing()
    for table in (choosing.decision_table(), frameworks.names_table(), frameworks.conventions_table()):
        text = repr(table)
        assert max(len(line) for line in text.splitlines()) <= choosing.Table.WIDTH
        assert all(row[-1].split()[0] in text for row in table.rows)   # every row is still there
    small = repr(choosing.Table(("a", "b"), [("1", "2")]))
    assert small.splitlines()[0] == "a | b"   # a table that fits stays a grid


def test_hinge_is_in_the_names_table_with_its_traps_but_not_in_the_chooser():
    """Lesson 2.3's hinge: named in both frameworks (HingeEmbeddingLoss flagged as a different loss), never
    recommended by a rule, and its card is lb.hinge against the margin y*s."""
    import numpy as np

    from lossbook import frameworks
    from lossbook.plots.how_to_choose import card_spec

    choosing = lb_choosing()
    assert "keras.losses.Hinge()" in frameworks.keras_name("hinge")
    note = frameworks._spelling("hinge").note
    assert "HingeEmbeddingLoss" in note and "MultiMarginLoss" in note
    assert all(rule.loss != "hinge" for rule in choosing.RULES)
    assert card_spec("hinge").loss_at(1.0) == pytest.approx(lb.hinge([1], [-2.0]))
    # The note's claim about Keras's CategoricalHinge, max(0, max((1 - onehot) * s) - sum(onehot * s) + 1) (its
    # documented formula, written out here): equal to lb.multiclass_hinge when the best wrong score is >= 0, and
    # not always otherwise.
    def keras_categorical_hinge(label, s):
        onehot = np.eye(len(s))[label]
        return max(np.max((1 - onehot) * s) - np.sum(onehot * s) + 1, 0.0)

    assert keras_categorical_hinge(0, np.array([0.2, 0.5, -1.0])) == pytest.approx(
        lb.multiclass_hinge([0], [[0.2, 0.5, -1.0]]))
    assert keras_categorical_hinge(0, np.array([-0.5, -1.0, -2.0])) != pytest.approx(
        lb.multiclass_hinge([0], [[-0.5, -1.0, -2.0]]))
    assert "Tversky(alpha=1.0, beta=1.0)" in frameworks.keras_name("iou")
