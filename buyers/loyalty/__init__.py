"""Loyalty points journal and referrals."""
