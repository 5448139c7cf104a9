"""SESSION_ENGINE: database sessions that know their user (see StaffSession)."""

from magazine.models import SessionStore

__all__ = ["SessionStore"]
