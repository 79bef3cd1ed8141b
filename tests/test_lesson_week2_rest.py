"""Week 2 lessons 08-10: CTC, how to choose, when the numbers bite. What is special about their plots, widgets,
exercises and data (the generic widget and exercise tests cover registration, rendering and known answers)."""

import warnings

import numpy as np
import pytest

import lossbook as lb

# ---------------------------------------------------------------------------------------------------------------
# 08 CTC
# ---------------------------------------------------------------------------------------------------------------


def test_ctc_toy_loss_equals_the_sum_over_enumerated_paths():
    toy = lb.datasets.ctc_toy()
    paths = lb.ctc_paths(toy.labels, 8)
    total = toy.probs[np.arange(8), paths].prod(axis=1).sum()
    assert len(paths) == 66
    assert lb.ctc(toy.labels, np.log(toy.probs)) == pytest.approx(-np.log(total), rel=1e-12)


def test_paths_plot_draws_every_path_and_rejects_an_invalid_highlight():
    plot = lb.plots.CTCPathsPlot("HELLO", 8, highlight=[1, 2, 3, 3, 0, 3, 4, 0])
    assert plot.n_paths == 66 and plot.S == 11
    with pytest.raises(ValueError, match="not a valid alignment"):
        lb.plots.CTCPathsPlot("HELLO", 8, highlight=[1, 2, 3, 3, 3, 3, 4, 0])  # no blank between the L's


def test_path_positions_are_unique_and_follow_the_moves():
    from lossbook.plots.ctc import _path_positions

    labels = [1, 2, 3, 3, 4]
    pos = _path_positions(lb.ctc_paths(labels, 8), labels)
    assert pos.shape == (66, 8)
    assert len({tuple(p) for p in pos}) == 66  # one position sequence per path
    steps = np.diff(pos, axis=1)
    assert steps.min() >= 0 and steps.max() <= 2
    assert set(pos[:, 0]) <= {0, 1} and set(pos[:, -1]) <= {9, 10}


def test_ctc_hello_readout_matches_the_numerics():
    w = lb.widgets.ctc_hello()
    toy = lb.datasets.ctc_toy()
    assert f"CTC loss = {lb.ctc(toy.labels, np.log(toy.probs)):.3f}" in w.text
    assert w.text.endswith("reads HELLO")
    w.set(symbol="L", frame=5, nudge=4.0)  # the pause between the L's now hears an L: the word reads HELO
    assert w.text.endswith("reads HELO")
    logits = np.log(toy.probs)
    logits[4, 3] += 4.0
    assert f"CTC loss = {lb.ctc(toy.labels, logits):.3f}" in w.text


def test_ctc_hello_posterior_columns_sum_to_one():
    w = lb.widgets.ctc_hello(nudge=2.0)
    post = np.asarray(w.plot.im_post.get_array()).reshape(11, 8)
    np.testing.assert_allclose(post.sum(axis=0), 1.0, atol=1e-9)


def test_ctc_exercises_name_the_repeat_blank_slip():
    from lossbook.exercises import ctc

    assert ctc.hello_min_frames.evaluate(5).misconception == "forgot_repeat_blank"
    assert ctc.cat_paths_guess.truth == 7
    assert ctc.collapse_function.evaluate(lb.ctc_collapse).correct


# ---------------------------------------------------------------------------------------------------------------
# 10 When the numbers bite
# ---------------------------------------------------------------------------------------------------------------


def test_naive_formulas_break_where_the_lesson_says_and_stay_quiet():
    from lossbook import naive

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the naive module silences NumPy: the inf/nan is the lesson, not a warning
        assert np.isnan(naive.softmax([1000.0, 0.0])[0])
        assert naive.sigmoid(-1000.0) == 0.0
        assert np.isinf(naive.bce_with_logits(0, 40.0)) and np.isfinite(naive.bce_with_logits(0, 30.0))
        assert np.isnan(naive.bce_with_logits(1, 50.0))  # 0 * log(0)
        assert naive.sigmoid(17.0, dtype="float32") == 1.0 and naive.sigmoid(16.0, dtype="float32") < 1.0
        assert np.isinf(naive.softmax_ce(1, [89.0, 0.0], dtype="float32"))
        assert np.isfinite(naive.softmax_ce(1, [88.0, 0.0], dtype="float32"))
    with pytest.raises(ValueError, match="dtype"):
        naive.sigmoid(1.0, dtype="float16")


def test_naive_agrees_with_stable_for_ordinary_logits():
    from lossbook import naive

    z = np.linspace(-10, 10, 41)
    for y in (0, 1):
        np.testing.assert_allclose(naive.bce_with_logits(y, z),
                                   lb.binary_cross_entropy_with_logits(np.full_like(z, y), z, reduction="none"),
                                   rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(naive.softmax([[1.0, 2.0, 3.0]]), lb.softmax([[1.0, 2.0, 3.0]]), rtol=1e-12)


def test_stability_lab_readout_shows_the_break():
    w = lb.widgets.stability_lab(z=40.0, y=0)
    assert "binary cross-entropy: naive inf, stable 40.000" in w.text
    assert "softmax cross-entropy of [z, 0]: naive 40.000, stable 40.000" in w.text
    w.set(precision="float32", z=95.0)
    assert "softmax cross-entropy of [z, 0]: naive inf, stable 95.000" in w.text
    w.set(y=1, precision="float64", z=-20.0)
    assert "-0.000" not in w.text and "naive 20.000, stable 20.000" in w.text


def test_stability_plot_marks_broken_logits_with_crosses():
    w = lb.widgets.stability_lab()
    crosses = w.plot.broken[0].get_xdata()
    assert len(crosses) and 36 < crosses.min() <= 40  # float64, y = 0: 1 - sigmoid(z) == 0 from ~37
    assert len(w.plot.broken[1].get_xdata()) == 0  # the naive softmax survives up to z = 100 in float64


def test_stability_exercises():
    from lossbook.exercises import stability

    assert stability.keras_clip_guess.truth == pytest.approx(16.118, abs=1e-3)
    fb = stability.softmax_function.evaluate(lambda z: np.exp(z) / np.exp(z).sum())
    assert fb.misconception == "no_shift"
    assert stability.logsumexp_by_hand.evaluate(1000).misconception == "dropped_the_log2"


# ---------------------------------------------------------------------------------------------------------------
# 09 How to choose
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("problem, flags, loss", [
    ("regression", {}, "mse"),
    ("regression", {"outliers": True}, "huber"),
    ("binary", {}, "bce"),
    ("binary", {"imbalanced": True}, "focal"),
    ("multiclass", {}, "cce"),
    ("multiclass", {"integer_labels": True}, "sparse_cce"),
    ("multiclass", {"imbalanced": True, "integer_labels": True}, "focal"),
    ("segmentation", {"imbalanced": True}, "dice"),
    ("pairs", {}, "contrastive"),
    ("triplets", {}, "triplet"),
    ("distributions", {}, "kl"),
    ("sequence", {"outliers": True}, "ctc"),
])
def test_recommend_follows_the_newsletter_list(problem, flags, loss):
    assert lb_choosing().recommend(problem, **flags).loss.key == loss


def lb_choosing():
    from lossbook import choosing

    return choosing


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
    from lossbook.plots.choosing import card_spec

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
