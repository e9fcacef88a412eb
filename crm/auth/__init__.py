"""Sign-in, sign-out and password change."""

from crm.auth.routes import bp

__all__ = ["bp"]
