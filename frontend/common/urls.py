"""Routes the common part serves itself (none yet); frontend/urls.py puts them first."""

urlpatterns = []
