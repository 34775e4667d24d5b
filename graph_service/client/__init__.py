"""Maillage from Python: the API client, and the concentrated-community rule on any networkx graph.

>>> from graph_service.client import Maillage, concentrated_communities
>>> Maillage.__name__, concentrated_communities.__module__
('Maillage', 'graph_service.analysis.any_graph')
"""

from graph_service.analysis.any_graph import concentrated_communities, projected, projection_graph
from graph_service.client.errors import (
    BadRequestError,
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    MaillageApiError,
    NotFoundError,
    ServerError,
    TooLargeError,
    TooManyRequestsError,
    UnauthorizedError,
    UnavailableError,
)
from graph_service.client.maillage import Maillage
from graph_service.client.session import Answer

__all__ = [
    "Answer",
    "BadRequestError",
    "ConflictError",
    "ForbiddenError",
    "InvalidInputError",
    "Maillage",
    "MaillageApiError",
    "NotFoundError",
    "ServerError",
    "TooLargeError",
    "TooManyRequestsError",
    "UnauthorizedError",
    "UnavailableError",
    "concentrated_communities",
    "projected",
    "projection_graph",
]
