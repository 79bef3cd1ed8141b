"""Exercises of ``notebooks/week3/04-multi-label-classification.ipynb``: what a softmax gives two equal logits, a
multi-label binary cross-entropy by hand, how many labels a set of sigmoids predicts with a threshold per class, what
the sigmoids say about exactly one of two labels, and the softmax's floor for an uneven target.

>>> from lossbook.exercises import multi_label_classification
>>> multi_label_classification.labels_with_own_thresholds.evaluate(4).status
'correct'
"""

import numpy as np

from ._engine import Guess, Misconception, ValueExercise

_Z = np.array([3.0, 3.0, -2.0])  # cat, dog, bird

softmax_guess = Guess(
    "the probability a softmax gives the cat when the logits are cat 3, dog 3, bird -2",
    truth=float(np.exp(3.0) / np.exp(_Z).sum()),
    why="a softmax shares one unit of probability among the classes: cat and dog have equal logits, so they split "
    "it almost evenly (the bird's -2 takes 0.3%): the cat gets 0.498. Raising all three logits together "
    "changes nothing, since a softmax looks only at their differences.",
    misconceptions=[
        Misconception("sigmoid", float(1 / (1 + np.exp(-3.0))),
                      "0.95 is sigmoid(3), the cat's probability on its own. A softmax makes the classes share: the "
                      "dog's equal logit takes half."),
    ],
    lo=0,
    hi=1,
    step=0.01,
)

_P = np.array([0.2, 0.9, 0.6])  # sigmoids for cat, dog, bird
_Y = np.array([0.0, 1.0, 1.0])  # the photo shows a dog and a bird
_TERMS = -(_Y * np.log(_P) + (1 - _Y) * np.log(1 - _P))

bce_by_hand = ValueExercise(
    "A photo shows a dog and a bird, but no cat. The model's sigmoids say cat 0.2, dog 0.9, bird 0.6. What is the "
    "binary cross-entropy, averaged over the three classes?",
    answer=float(_TERMS.mean()),
    rtol=1e-3,
    misconceptions=[
        Misconception("sum_vs_mean", float(_TERMS.sum())),
        Misconception("positives_only", float(-(np.log(0.9) + np.log(0.6)) / 3),
                      "The cat is a class too: its label is 0, so it costs -ln(1 - 0.2). Every class contributes."),
        Misconception("cat_as_positive", float(-(np.log(0.2) + np.log(0.9) + np.log(0.6)) / 3),
                      "The cat is NOT in the photo: its term is -ln(1 - p) = -ln 0.8, not -ln 0.2."),
        Misconception("log10", float(_TERMS.mean() / np.log(10))),
    ],
    hints=["One binary cross-entropy per class: -ln p where the label is 1, -ln(1 - p) where it is 0.",
           "The cat is absent, so its term uses 1 - 0.2; the dog and the bird are present, so theirs use 0.9 and "
           "0.6 as they are. Then average the three terms."],
    solution="(-ln 0.8 - ln 0.9 - ln 0.6) / 3 = (0.2231 + 0.1054 + 0.5108) / 3 = 0.2798.",
    solution_code="lb.binary_cross_entropy([0, 1, 1], [0.2, 0.9, 0.6])",
)

_TARGET = np.array([0.5, 0.25, 0.25])  # cat, dog, bird: the cat is the main subject

softmax_floor = ValueExercise(
    "A softmax model is trained on a photo of a cat, a dog and a bird whose target gives the cat 0.5 (it is the main "
    "subject), the dog 0.25 and the bird 0.25. What is the lowest cross-entropy it can reach against that "
    "target, in nats? Round to 3 decimals (or give more).",
    decimals=3,
    answer=float(-np.sum(_TARGET * np.log(_TARGET))),
    rtol=1e-3,
    misconceptions=[
        Misconception("zero", 0.0, "A softmax cannot reach 0 here: at best its probabilities equal the target, "
                      "0.5, 0.25 and 0.25, and each label still costs its share of -ln of its probability."),
        Misconception("even_split", float(np.log(3.0)),
                      "ln 3 is the floor for a target shared out EVENLY over 3 labels. This target is uneven, and "
                      "an uneven target has a lower entropy."),
        Misconception("in_bits", float(-np.sum(_TARGET * np.log2(_TARGET))),
                      "1.5 is the answer in bits (log base 2). The question asks for nats: use the natural log."),
        Misconception("cat_only", float(-np.log(0.5)),
                      "ln 2 = 0.693 is the cat's -ln 0.5 alone. The dog and the bird are in the target too."),
        Misconception("unweighted", float(-np.sum(np.log(_TARGET))),
                      "That adds -ln of each probability without weighting it by the target: each label counts "
                      "with its share of the target, 0.5, 0.25 and 0.25."),
    ],
    hints=["The best a softmax can do is match the target exactly; its cross-entropy is then the target's own "
           "entropy (lesson 2.7).",
           "Cross-entropy: the sum over the labels of (target share) x (-ln of the predicted probability)."],
    solution="-(0.5 ln 0.5 + 0.25 ln 0.25 + 0.25 ln 0.25) = 0.3466 + 0.3466 + 0.3466 = 1.0397 nats (1.5 bits), "
    "below ln 3 = 1.0986 for an even split.",
    solution_code="lb.categorical_cross_entropy([0.5, 0.25, 0.25], [0.5, 0.25, 0.25])",
)

_SIGMOIDS = np.array([0.7, 0.45, 0.51, 0.93, 0.05])
_THRESHOLDS = np.array([0.5, 0.4, 0.6, 0.5, 0.04])

labels_with_own_thresholds = ValueExercise(
    "A multi-label model's five sigmoids for one photo are 0.7, 0.45, 0.51, 0.93 and 0.05. Each class has its own "
    "threshold, tuned on validation data: 0.5, 0.4, 0.6, 0.5 and 0.04 (the last class is rare, so its threshold is "
    "low). How many labels does the model predict for the photo? (A whole number.)",
    answer=int(np.sum(_SIGMOIDS > _THRESHOLDS)),
    rtol=0,
    misconceptions=[
        Misconception("argmax", 1, "1 is what a softmax model predicts: the single most probable class. Each "
                      "sigmoid is its own yes/no question, with its own threshold."),
        Misconception("one_threshold", int(np.sum(_SIGMOIDS > 0.5)),
                      "3 is the count with 0.5 for every class. Compare each sigmoid with its OWN class's threshold: "
                      "0.45 passes 0.4, 0.51 does not pass 0.6, and 0.05 passes 0.04."),
    ],
    bad=[2, 5],
    hints=["Each sigmoid is compared with its own class's threshold, not with 0.5 and not with the others.",
           "Watch the close calls: a sigmoid below 0.5 can still pass a low threshold, and one above 0.5 can "
           "still miss a high one."],
    solution="0.7 > 0.5, 0.45 > 0.4, 0.93 > 0.5 and 0.05 > 0.04 pass; 0.51 < 0.6 does not: four labels.",
    solution_code="int(np.sum(np.array([0.7, 0.45, 0.51, 0.93, 0.05]) > np.array([0.5, 0.4, 0.6, 0.5, 0.04])))",
)

_CAT, _DOG = 0.8, 0.6

exactly_one_label = ValueExercise(
    "A multi-label model's sigmoids say cat 0.8 and dog 0.6 for a photo. The model treats the labels as independent "
    "given the photo. What probability does it give to 'exactly one of the two' (a cat or a dog, not both)? Round "
    "to 2 decimals (or give more).",
    answer=_CAT * (1 - _DOG) + (1 - _CAT) * _DOG,
    rtol=1e-3,
    misconceptions=[
        Misconception("both", _CAT * _DOG,
                      "0.48 is 0.8 x 0.6, the probability of a cat AND a dog. 'Exactly one' is a cat without a dog, "
                      "or a dog without a cat."),
        Misconception("neither", (1 - _CAT) * (1 - _DOG),
                      "0.08 is 0.2 x 0.4, the probability of neither. 'Exactly one' is a cat without a dog, or a dog "
                      "without a cat."),
        Misconception("not_both", 1 - _CAT * _DOG,
                      "0.52 is 1 - 0.8 x 0.6, 'not both': it also counts the photos with neither (0.2 x 0.4)."),
        Misconception("cat_only", _CAT * (1 - _DOG),
                      "0.32 is a cat without a dog. A dog without a cat counts too."),
        Misconception("dog_only", (1 - _CAT) * _DOG,
                      "0.12 is a dog without a cat. A cat without a dog counts too."),
    ],
    hints=["Independent given the photo: the probability of a combination is a product, with 1 - p for a label "
           "that is absent.",
           "'Exactly one' happens in two ways that cannot happen together: a cat without a dog, or a dog without a "
           "cat. Work out each, then combine them."],
    solution="A cat without a dog: 0.8 x 0.4 = 0.32; a dog without a cat: 0.2 x 0.6 = 0.12; together 0.44. Whether "
    "that is true depends on the data: if every photo like this one shows exactly one of the two, the real answer "
    "is 1, and independent sigmoids can say 1 only when they are sure which one it is (1 and 0).",
    solution_code="0.8 * (1 - 0.6) + (1 - 0.8) * 0.6",
)
