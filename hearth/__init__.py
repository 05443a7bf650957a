"""Hearth: see burnout coming in customer-service centres, act on it, and prove what worked."""

__version__ = "0.1.0"
