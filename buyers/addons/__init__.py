"""Checkout add-ons: CO2 compensation and service offers."""
