"""Reviews and ratings from verified purchases."""
