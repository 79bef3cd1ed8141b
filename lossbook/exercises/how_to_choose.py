"""Exercises of ``notebooks/week2/09-how-to-choose.ipynb``: pick a loss, compute Huber, translate to PyTorch.

>>> from lossbook.exercises import how_to_choose
>>> how_to_choose.defect_loss.evaluate(2).status
'correct'
"""

from ..losses import huber
from ._engine import Guess, Misconception, ValueExercise

LOSS_MENU = ("mean squared error", "binary cross-entropy", "focal loss", "Dice", "CTC")

defect_loss = ValueExercise(
    "A factory camera photographs every bottle on a production line, and the model gives one answer per photo: "
    "defective or fine. About 1 bottle in 500 is defective. Which loss does the course's decision list "
    "recommend? Answer with its number: " + ", ".join(f"{i} {name}" for i, name in enumerate(LOSS_MENU)) + ".",
    answer=2,
    rtol=0,
    atol=1e-9,
    misconceptions=[
        Misconception("plain_bce", 1, "Two classes, so binary cross-entropy is the right family. But with 499 fine "
                      "bottles for every defect, the easy fine bottles make up almost all of its average. The list's "
                      "answer for a rare class is focal loss (binary cross-entropy with pos_weight, lesson 3.5, is "
                      "the simpler alternative)."),
        Misconception("dice_for_photos", 3, "Dice scores the overlap of two masks, pixel by pixel: it is the rare-"
                      "class answer for segmentation. Here each photo gets a single yes/no answer."),
        Misconception("mse_for_classes", 0, "Defective or fine is a class, not a number to predict."),
        Misconception("ctc_for_photos", 4, "CTC is for label sequences without alignment (speech, OCR)."),
    ],
    hints=["First the problem type: one answer per photo, out of how many classes? Then: is one class rare?",
           "Next, the data: which of the chooser's boxes, if any, describe these bottles? Then read the table's "
           "rules for that problem type, top to bottom, with those boxes ticked."],
    solution="2, focal loss: a binary problem (one yes/no answer per photo) with a rare class. Dice would fit if the "
             "model outlined the defect pixel by pixel; binary cross-entropy with pos_weight is the simpler "
             "alternative.",
    solution_code="choosing.recommend('binary', imbalanced=True).loss.name",
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
        "SmoothL1's beta and your loss (and its gradients, and so your effective learning rate) changes scale.",
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
