"""Fixed-radius neighbour lists in CSR form (patent step 403).

Neighbours of p_i are the other points p_j with 0 < ‖p_i − p_j‖ ≤ d, in
metres of a projected CRS. Coincident points (distance 0) are left out:
their gradient |Δ_i − Δ_j| / ‖p_i − p_j‖ is undefined, and two PS at one
position are one scatterer reported twice.
"""
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree


@dataclass
class NeighbourLists:
    """Neighbours of ``len(indptr) - 1`` query points.

    Query point q has neighbours ``indices[indptr[q]:indptr[q+1]]`` (indices
    into the tree's points) at ``dist[...]`` metres (float32)."""

    indptr: np.ndarray
    indices: np.ndarray
    dist: np.ndarray

    def degree(self):
        return np.diff(self.indptr)


def neighbour_lists(tree, query_xy, radius):
    """Neighbours within ``radius`` m in ``tree`` (a cKDTree) of each query point.

    Query points that are also tree points do not list themselves (their
    distance is 0)."""
    query_xy = np.asarray(query_xy, np.float64)
    if len(query_xy) == 0:
        return NeighbourLists(np.zeros(1, np.int64), np.empty(0, np.int64), np.empty(0, np.float32))
    pairs = cKDTree(query_xy).sparse_distance_matrix(tree, radius, output_type="ndarray")
    pairs = pairs[pairs["v"] > 0]
    # by query, then by tree index: the same order whatever the tree's
    # shape, so sums over neighbours are the same to the last bit on a
    # tile of the points (issue 18) as on all of them. One sorted int64 key
    # (query × points + index) is several times faster than a lexsort, and
    # the distances are computed again in that order
    n_points = np.int64(tree.n)
    key = pairs["i"].astype(np.int64) * n_points + pairs["j"].astype(np.int64)
    key.sort()
    query, indices = np.divmod(key, n_points)
    delta = query_xy[query] - tree.data[indices]
    counts = np.bincount(query, minlength=len(query_xy))
    indptr = np.concatenate([[0], np.cumsum(counts)])
    return NeighbourLists(indptr=indptr, indices=indices,
                          dist=np.hypot(delta[:, 0], delta[:, 1]).astype(np.float32))


def spatial_order(xy, cell):
    """Permutation visiting points cell by cell on a ``cell``-metre grid, so
    consecutive runs of points are compact (small neighbour halos)."""
    xy = np.asarray(xy, np.float64)
    if len(xy) == 0:
        return np.empty(0, np.int64)
    ij = np.floor((xy - xy.min(axis=0)) / cell).astype(np.int64)
    return np.lexsort((ij[:, 0], ij[:, 1]))
