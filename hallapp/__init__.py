"""HallApp: the counter tool of a government service hall (政务服务中心)."""

__version__ = "0.1.0"
