"""A stand-in for SQLAlchemy's event registry: records listeners by (target, identifier)."""
