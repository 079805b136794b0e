"""django-axes' lockout backend, tolerant of calls without a request.

Every web login passes the request (Django's login form, DRF's Basic authentication, the
account API); only code outside a request, such as Django's test client ``login()`` or a shell,
calls ``authenticate()`` without one. Axes would refuse those outright; here they skip the
lockout check (there is no address to count by) and the next backend decides."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
