"""Buyer-seller conversations and guarantee claims."""
