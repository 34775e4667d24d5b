"""Burt's structural holes: constraint and effective size, on the weighted projection.

Both follow Burt (1992) as networkx implements them for weighted undirected graphs, but with
sparse matrix products instead of a Python loop per pair: ``P`` is the weight matrix divided by
each row's strength, ``M`` by each row's largest weight, and

- constraint(i) = Σ_j∈N(i) (P[i,j] + (P @ P)[i,j])²
- effective size(i) = degree(i) - Σ_j∈N(i) (P @ Mᵀ)[i,j]

Isolated organisations have neither (NaN), as in networkx.

>>> import numpy as np
>>> from graph_service.analysis.projection import ProjectedGraph
>>> star = ProjectedGraph(organisations=[], source=np.array([0, 0, 0]), target=np.array([1, 2, 3]),
...                       weight=np.ones(3), external=np.zeros(4, bool), areas=[])
>>> holes = structural_holes(star)
>>> [round(x, 3) for x in holes.constraint.tolist()], holes.effective_size.tolist()
([0.333, 1.0, 1.0, 1.0], [3.0, 1.0, 1.0, 1.0])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from graph_service.analysis.projection import ProjectedGraph


@dataclass
class StructuralHoles:
    constraint: np.ndarray
    effective_size: np.ndarray


def _row_scaled(matrix: sp.csr_matrix, scale: np.ndarray) -> sp.csr_matrix:
    inverse = np.divide(1.0, scale, out=np.zeros_like(scale, dtype=np.float64), where=scale > 0)
    return sp.csr_matrix(sp.diags(inverse) @ matrix)


def structural_holes(graph: ProjectedGraph) -> StructuralHoles:
    """Constraint and effective size of every node."""
    weights = graph.adjacency
    ties = graph.binary_adjacency
    proportions = _row_scaled(weights, graph.strength)
    row_max = np.asarray(weights.max(axis=1).todense()).ravel() if weights.nnz else np.zeros(graph.node_count)
    marginal = _row_scaled(weights, row_max)
    indirect = sp.csr_matrix((proportions @ proportions).multiply(ties))
    constraint = np.asarray((proportions + indirect).power(2).sum(axis=1)).ravel()
    redundancy = np.asarray(sp.csr_matrix((proportions @ marginal.T).multiply(ties)).sum(axis=1)).ravel()
    effective_size = graph.degree - redundancy
    isolated = graph.degree == 0
    constraint[isolated] = np.nan
    effective_size = effective_size.astype(np.float64)
    effective_size[isolated] = np.nan
    return StructuralHoles(constraint=constraint, effective_size=effective_size)
