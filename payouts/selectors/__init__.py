"""Reads of the money side: commission quotes, balances, reports. Writes live in payouts.services."""
