"""Help centre FAQ articles."""
