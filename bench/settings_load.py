"""Production settings plus the two baseline views of bench/bare.py (load benchmark only)."""

from marketplace.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare"
