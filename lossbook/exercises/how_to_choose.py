"""Exercises of ``notebooks/week2/09-how-to-choose.ipynb``: pick a loss, compute Huber, translate to PyTorch.

>>> from lossbook.exercises import how_to_choose
>>> how_to_choose.defect_loss.evaluate(4).status
'correct'
"""

from ..losses import huber
from ._engine import Guess, Misconception, ValueExercise

LOSS_MENU = ("binary cross-entropy", "focal loss", "categorical cross-entropy, class-weighted",
             "sparse categorical cross-entropy", "sparse categorical cross-entropy, class-weighted", "Dice")

defect_loss = ValueExercise(
    "A factory camera photographs every bottle on a production line. The model sorts each photo into one of six "
    "outcomes: fine, or one of five kinds of defect (crack, chip, stain, bubble, wrong cap). The labels are stored "
    "as outcome numbers, 0 to 5. Only about 1 bottle in 500 has any defect. Which loss does the course's decision "
    "list recommend? Answer with its number: " + "; ".join(f"{i} {name}" for i, name in enumerate(LOSS_MENU)) + ".",
    answer=4,
    rtol=0,
    atol=1e-9,
    misconceptions=[
        Misconception("binary_for_six", 0, "Defective or fine would be two classes, but this model picks one of six "
                      "outcomes per photo: a multi-class problem."),
        Misconception("sigmoid_focal", 1, "Rare classes, yes, but six outcomes. lossbook's focal loss is the two-class "
                      "(sigmoid) form; for several classes with a rare one, the list keeps the softmax and weights "
                      "the classes."),
        Misconception("one_hot_form", 2, "Right idea for the rare classes, but look at how the labels are stored: as "
                      "outcome numbers 0 to 5, not one-hot vectors."),
        Misconception("rare_ignored", 3, "Right form for labels stored as numbers, but the defects are rare: 499 fine "
                      "bottles for every defective one would dominate the average."),
        Misconception("dice_for_photos", 5, "Dice scores the overlap of two masks, pixel by pixel: it is the rare-"
                      "class answer for segmentation. Here each photo gets a single answer."),
    ],
    hints=["First the problem type: how many possible answers does the model choose between for one photo?",
           "Next, go through the chooser's boxes one by one and ask which describe this data. Then read the table's "
           "rules for that problem type top to bottom: the first rule whose conditions all hold wins."],
    solution="4, sparse categorical cross-entropy, class-weighted: one answer out of six per photo (multi-class), "
             "rare classes (the five defects: 'one class is rare' covers several), and labels stored as class "
             "numbers. The first multiclass rule needs both conditions and both hold. In PyTorch: CrossEntropyLoss(weight=...) with the integer labels.",
    solution_code="lb.choosing.recommend('multiclass', imbalanced=True, integer_labels=True)",
)

huber_by_hand = ValueExercise(
    "A house-price model misses by 4 (in $100k). What is its Huber loss with delta = 1.5? Huber's formula (lesson "
    "2.1): 0.5 x miss² for |miss| <= delta, delta x (|miss| - delta / 2) beyond.",
    answer=huber(0.0, 4.0, delta=1.5),
    rtol=1e-6,
    misconceptions=[
        Misconception("used_mse", 16.0, "That is the squared error, 4 x 4. Past delta, Huber grows in a straight "
                      "line: delta x (|miss| - delta / 2)."),
        Misconception("half_square", 8.0, "0.5 x 4² is Huber's formula for small misses only (|miss| <= delta). "
                      "A miss of 4 is past delta = 1.5."),
        Misconception("used_mae", 4.0, "That is the absolute error. Huber is delta x (|miss| - delta / 2): "
                      "1.5 x (4 - 0.75)."),
        Misconception("delta_one", huber(0.0, 4.0, delta=1.0), "That uses delta = 1. Here delta is 1.5: "
                      "1.5 x (4 - 1.5 / 2)."),
    ],
    hints=["Which piece of the formula applies: is the miss inside delta or outside it?",
           "A miss of 4 is past delta = 1.5, so it is the second formula: put delta = 1.5 and |miss| = 4 into it."],
    solution="4 > delta = 1.5, so Huber = delta x (|miss| - delta/2) = 1.5 x (4 - 0.75) = 4.875.",
    solution_code="lb.huber(0.0, 4.0, delta=1.5)",
)

smooth_l1_guess = Guess(
    "PyTorch's SmoothL1Loss(beta=4) on a miss of 5",
    truth=huber(0.0, 5.0, delta=4.0) / 4.0,
    why="SmoothL1Loss(beta) is Huber with delta = beta, divided by beta. Huber with delta = 4 at a miss of 5 is "
        "4 x (5 - 4/2) = 12.0 (past delta, the straight-line part), and 12.0 / 4 = 3.0. Copy a Huber delta into "
        "SmoothL1's beta and your loss and its gradients are divided by beta. With plain SGD so is every step; "
        "Adam and RMSProp divide the gradient by a running measure of its size, so they barely notice the factor.",
    misconceptions=[
        Misconception("same_as_huber", 12.0,
                      "Same formula, different scale: SmoothL1Loss(beta) = HuberLoss(delta=beta) / beta."),
        Misconception("times_beta", 48.0, "The other way round: SmoothL1 divides Huber by beta, it does not "
                      "multiply."),
    ],
    lo=0,
    hi=20,
    step=0.1,
)
