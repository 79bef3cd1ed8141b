"""Exercises of ``notebooks/week1/04-categorical-cross-entropy.ipynb``: cat, dog or bird (classes 0, 1, 2).

>>> from lossbook.exercises import categorical_cross_entropy
>>> print(categorical_cross_entropy.cce_by_hand.evaluate(0.9163))
Correct: 0.9163 is right.
Only the bird's probability counts: -ln 0.4.
"""

import numpy as np

from ._engine import Guess, Misconception, ValueExercise

_CAT, _DOG, _BIRD = np.eye(3)

cce_guess = Guess(
    "the loss of the second prediction (cat 0.6, dog 0.2, bird 0.2) when the photo is a dog",
    truth=-np.log(0.2),
    why="only the probability given to the true class counts: -ln 0.2 = 1.609, the same cost as a cat given "
    "p = 0.2 in binary cross-entropy.",
    misconceptions=[
        Misconception("log10", -np.log10(0.2)),
        Misconception("all_terms", -np.log([0.6, 0.2, 0.2]).sum(),
                      "That adds -ln p over all three classes. With a one-hot target the wrong classes are "
                      "multiplied by 0, so only -ln p(dog) is left."),
    ],
    lo=0,
    hi=5,
    step=0.05,
)

_P_BIRD = np.array([0.3, 0.3, 0.4])

cce_by_hand = ValueExercise(
    "The photo is a bird. The model says cat 0.3, dog 0.3, bird 0.4. What is the categorical cross-entropy?",
    answer=-np.log(0.4),
    misconceptions=[
        Misconception("log10", -np.log10(0.4)),
        Misconception("all_terms", float(-np.log(_P_BIRD).sum()),
                      "That adds -ln p over every class. The one-hot target [0, 0, 1] keeps only the bird's term."),
        Misconception("wrong_class", -np.log(0.3),
                      "That is -ln 0.3, the cost if the photo were a cat or a dog. Use the probability of the "
                      "true class, the bird."),
    ],
    bad=[0.4, 0.3],
    hints=["Write the target one-hot: [0, 0, 1]. Which probability does it pick out?",
           "The loss is -ln of the probability the target picks out; the other two probabilities do not enter."],
    solution="-ln 0.4 = 0.9163",
    solution_code="lb.categorical_cross_entropy([0, 0, 1], [0.3, 0.3, 0.4])",
    on_correct="Only the bird's probability counts: -ln 0.4.",
)

# Raw scores (logits) a network's last layer produced for one dog photo; they are not probabilities. The answer,
# -ln 0.17529 = 1.7413, is far from a rounding edge at 2 decimals (p rounded to 0.175 first still gives 1.74).
LOGITS = np.array([2.0, 0.5, -1.0])


def _log_softmax(z):
    z = z - z.max()
    return z - np.log(np.exp(z).sum())


cce_from_logits = ValueExercise(
    "The network's last layer gives the raw scores (logits) cat 2.0, dog 0.5, bird -1.0 for a photo of a dog. "
    "What is the categorical cross-entropy?",
    answer=float(-_log_softmax(LOGITS)[1]),
    misconceptions=[
        Misconception("forgot_softmax", -np.log(LOGITS[1])),
        Misconception("wrong_class", float(-_log_softmax(LOGITS)[0]),
                      "That is the loss for a cat, the class with the highest score. Use the true class, the dog."),
        Misconception("log10", float(-_log_softmax(LOGITS)[1] / np.log(10))),
    ],
    bad=[0.5, 0.0],
    hints=["Scores are not probabilities: they do not add up to 1. Turn them into probabilities first.",
           "p = lb.softmax(np.array([2.0, 0.5, -1.0])); the loss is -ln of the dog's probability, p[1] (keep all "
           "its digits)."],
    solution="softmax gives cat 0.7856, dog 0.1753, bird 0.0391; -ln 0.1753 = 1.741.",
    solution_code=("p = lb.softmax(np.array([2.0, 0.5, -1.0]))\n"
                   "lb.categorical_cross_entropy([0, 1, 0], p)   # or -np.log(p[1])"),
)

# Exercise 3 gives logits, so the softmax comes first: [0.5, 1.5, 0] -> p = [0.2312, 0.6285, 0.1402]; for a bird
# p - y = [0.2312, 0.6285, -0.8598]; every entry is far from a rounding edge at 2 decimals (0.23, 0.63, -0.86).
GRAD_LOGITS = np.array([0.5, 1.5, 0.0])
_P = np.exp(GRAD_LOGITS) / np.exp(GRAD_LOGITS).sum()

cce_gradient = ValueExercise(
    "The logits are cat 0.5, dog 1.5, bird 0.0, and the photo is a bird. What is the gradient of the loss "
    "with respect to the three logits? (An array of three numbers.)",
    answer=_P - _BIRD,
    quantity="slope",
    misconceptions=[
        Misconception("forgot_softmax", GRAD_LOGITS - _BIRD,
                      "That subtracts the target from the logits. The rule is p - y with p the probabilities: "
                      "apply the softmax to the logits first."),
        Misconception("grad_wrt_probs", -_BIRD / _P,
                      "That is -y/p, the gradient with respect to the probabilities. Through the softmax, the "
                      "gradient with respect to the logits is simply p - y."),
        Misconception("y_minus_p", _BIRD - _P,
                      "That is y - p, the gradient with its sign flipped: it points uphill. The gradient is p - y, "
                      "so the true class gets a negative entry (raising its logit lowers the loss)."),
        Misconception("wrong_class", _P - _DOG,
                      "That subtracts the one-hot vector of the dog, the class with the highest probability. The "
                      "photo is a bird: y = [0, 0, 1]."),
    ],
    bad=[_P, _BIRD],
    hints=["The rule p - y needs probabilities, and these are logits. What turns logits into probabilities?",
           "p = lb.softmax(np.array([0.5, 1.5, 0.0])); then subtract the bird's one-hot target."],
    solution="softmax([0.5, 1.5, 0]) = [0.2312, 0.6285, 0.1402]; p - y = [0.2312, 0.6285, 0.1402 - 1] = "
             "[0.23, 0.63, -0.86]: push the bird's logit up, the others down, the dog's most (it holds the most "
             "wrong probability).",
    solution_code="lb.softmax(np.array([0.5, 1.5, 0.0])) - np.array([0, 0, 1])",
)

# A cat photo; the model gives cat 0.3, dog 0.4, bird 0.3. The gradient p - y is [-0.7, 0.4, 0.3]: the cat's logit
# moves the most, though the dog holds the most wrong probability.
_P_CAT_PHOTO = np.array([0.3, 0.4, 0.3])

cce_biggest_move = ValueExercise(
    "A photo of a cat; the model gives cat 0.3, dog 0.4, bird 0.3. Imagine the logits themselves were the "
    "parameters: one step of gradient descent would change each logit by -(learning rate) x its gradient entry. Which logit changes by the largest amount, "
    "counting a fall the same as a rise? Answer with the class number: 0 for cat, 1 for dog, 2 for bird.",
    answer=0.0,
    rtol=0,
    atol=1e-9,
    quantity="value",
    misconceptions=[
        Misconception("most_wrong_class", 1.0,
                      "The dog holds the most wrong probability, so its logit falls the most of the wrong classes: "
                      "by 0.4 x the learning rate. But the cat's entry is 0.3 - 1 = -0.7, bigger in size."),
    ],
    bad=[1.0, 2.0],
    hints=["Write the gradient p - y with y = [1, 0, 0].",
           "Compare the sizes of the three entries, ignoring their signs."],
    solution="p - y = [0.3 - 1, 0.4, 0.3] = [-0.7, 0.4, 0.3], so the cat's logit (0) rises the most. It always "
             "does: the true class's entry, p_true - 1, is minus the sum of all the wrong classes' entries, so it "
             "is at least as big as any one of them.",
    solution_code="lb.softmax(np.log([0.3, 0.4, 0.3])) - np.array([1, 0, 0])",
    on_correct="The true class's logit always moves at least as much as any other: its entry -(1 - p_true) is the "
               "sum of all the wrong classes' entries, with the sign flipped.",
)
