"""How many examples the property tests (Hypothesis, Schemathesis) generate, by profile.

``make test`` uses the ``default`` profile: few examples, so the suite stays fast.
``make test-deep`` sets ``HYPOTHESIS_PROFILE=deep``: many more examples, for a run before a
release or after changing money, stock or webhook code (CI does not run it).

Hypothesis lets a test's own ``@settings(max_examples=...)`` win over the profile, so tests
that need their own count ask ``examples(small, deep)`` for it instead of a fixed number.
"""

import os

from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
if PROFILE not in ("default", "deep"):
    raise RuntimeError(f"HYPOTHESIS_PROFILE must be default or deep, not {PROFILE!r}")
DEEP = PROFILE == "deep"

# Property tests assert results, not speed: a busy CI machine must not fail them on timing.
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
hypothesis_settings.register_profile("default", max_examples=100, **_COMMON)
hypothesis_settings.register_profile("deep", max_examples=1000, **_COMMON)


def load_hypothesis_profile() -> None:
    hypothesis_settings.load_profile(PROFILE)


def examples(small: int, deep: int | None = None) -> int:
    """``small`` examples in ``make test``; ``deep`` (default: ten times as many) in ``make test-deep``."""
    return (deep if deep is not None else small * 10) if DEEP else small
