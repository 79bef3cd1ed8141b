"""Every loss of the course and its analytic gradient, grouped by topic. Pure NumPy: no plotting, no widgets, no I/O."""

from .classification import *  # noqa: F401,F403
from .classification import __all__ as _classification
from .calibration import *  # noqa: F401,F403
from .calibration import __all__ as _calibration
from .distributions import *  # noqa: F401,F403
from .distributions import __all__ as _distributions
from .language import *  # noqa: F401,F403
from .language import __all__ as _language
from .likelihood import *  # noqa: F401,F403
from .likelihood import __all__ as _likelihood
from .overlap import *  # noqa: F401,F403
from .overlap import __all__ as _overlap
from .regression import *  # noqa: F401,F403
from .regression import __all__ as _regression
from .regularisation import *  # noqa: F401,F403
from .regularisation import __all__ as _regularisation
from .sequences import *  # noqa: F401,F403
from .sequences import __all__ as _sequences
from .similarity import *  # noqa: F401,F403
from .similarity import __all__ as _similarity

__all__ = [*_regression, *_classification, *_overlap, *_similarity, *_distributions, *_sequences, *_likelihood,
           *_regularisation, *_calibration, *_language]
