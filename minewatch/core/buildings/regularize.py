"""Regularise building outlines traced from a raster (no QGIS, no shapely).

A traced outline is a staircase of pixel edges. :func:`regularize_ring`
turns it into a clean polygon:

1. Douglas–Peucker simplification at ``simplify_px`` pixels.
2. Each simplified edge gets a direction from a principal-axis fit through
   the traced vertices it replaced, and a position at their mean (the
   staircase's inner and outer corners straddle the true edge evenly).
3. Dominant orientation: the peak of a length-weighted histogram of edge
   angles modulo 90°, refined by the weighted mean of the edges near it.
4. Rectilinear test: at least ``min_fraction`` of the simplified perimeter
   lies within ``angle_tol_deg`` of the two dominant axes. If not (circles,
   triangles, shapes with large diagonal walls), the simplified ring is
   returned with ``regularised=False``.
5. Otherwise edges near an axis are snapped to it (short edges, whose
   direction is less certain, with a tolerance widened by
   atan(simplify_px / length)); other edges shorter than
   ``chamfer_px`` (corners the simplification cut off) are dropped and
   longer ones keep their fitted direction (genuine diagonal walls);
   consecutive edges on the same axis and offset are
   merged, consecutive lines are re-intersected (exact right angles between
   snapped edges), and edges shorter than ``min_edge_px`` are dropped.
   Then, ``REFITS`` times, every line is re-fitted to the traced vertices
   nearest its regularised edge (the regularised corners split the trace
   evenly, the simplified vertices did not) and θ moves half-way to a joint
   fit of all snapped edges; the ring is rebuilt.
6. The result must be a simple ring whose area is within ``area_tol`` of the
   traced ring's and that stays within ``max_shift_px`` of every traced
   vertex; otherwise the simplified ring is returned (``regularised=False``).

Coordinates are (x, y) in a frame with equal units on both axes (a
projected CRS, or local metres for a geographic one); ``pixel_size`` is in
those units. Rings come back closed (first vertex repeated last) and
counter-clockwise (positive shoelace area with y pointing up).
"""
import math

import numpy as np

PARALLEL_SIN = math.sin(math.radians(10.0))  # below this, consecutive lines count as parallel
REFITS = 2   # re-fits of the lines to the traced vertices nearest each regularised edge


def open_ring(ring):
    """(N, 2) float64 vertices without the closing repeat and without
    consecutive duplicates."""
    p = np.asarray(ring, dtype=np.float64)[:, :2]
    if len(p) > 1 and np.array_equal(p[0], p[-1]):
        p = p[:-1]
    if len(p) > 1:
        keep = np.any(p != np.roll(p, 1, axis=0), axis=1)
        p = p[keep] if keep.any() else p[:1]
    return p


def close_ring(points):
    """Vertices with the first one repeated at the end."""
    return np.vstack([points, points[:1]]) if len(points) else points


def signed_area(ring):
    """Shoelace area of a ring (closed or not); positive when counter-clockwise."""
    p = np.asarray(open_ring(ring), np.float64)
    if len(p) < 3:
        return 0.0
    # relative to the first vertex: map coordinates (UTM northings of 4e6 m)
    # make the products ~1e13 and the shoelace sum lose millimetres²
    p = p - p[0]
    x, y = p[:, 0], p[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def perimeter(ring):
    """Length of a ring (closed or not), in its coordinate units."""
    p = open_ring(ring)
    if len(p) < 2:
        return 0.0
    return float(np.hypot(*(np.roll(p, -1, axis=0) - p).T).sum())


def ring_is_simple(ring, chunk=512):
    """True when the ring has ≥ 3 distinct vertices and no two edges meet
    except consecutive ones at their shared vertex (no crossing, touching,
    overlap or 180° spike). O(n²) in chunks of ``chunk`` edges."""
    p = open_ring(ring)
    n = len(p)
    if n < 3:
        return False
    a, b = p, np.roll(p, -1, axis=0)
    d = b - a
    scale = max(1.0, float(np.abs(p - p.mean(axis=0)).max()))
    eps = 1e-12 * scale * scale
    # consecutive edges folding back onto each other
    cross_next = d[:, 0] * np.roll(d, -1, 0)[:, 1] - d[:, 1] * np.roll(d, -1, 0)[:, 0]
    dot_next = np.einsum("ij,ij->i", d, np.roll(d, -1, 0))
    if np.any((np.abs(cross_next) <= eps) & (dot_next < 0)):
        return False
    if n == 3:
        return abs(signed_area(p)) > eps
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    idx = np.arange(n)
    for start in range(0, n, chunk):
        i = idx[start:start + chunk, None]
        j = idx[None, :]
        # each unordered non-adjacent pair once
        pair = (j > i + 1) & ~((i == 0) & (j == n - 1))
        if not pair.any():
            continue
        ii, jj = np.nonzero(pair)
        ii = ii + start
        overlap = np.all((lo[ii] <= hi[jj] + eps) & (lo[jj] <= hi[ii] + eps), axis=1)
        ii, jj = ii[overlap], jj[overlap]
        if not len(ii):
            continue
        o1 = _orient(a[ii], b[ii], a[jj], eps)
        o2 = _orient(a[ii], b[ii], b[jj], eps)
        o3 = _orient(a[jj], b[jj], a[ii], eps)
        o4 = _orient(a[jj], b[jj], b[ii], eps)
        if np.any((o1 * o2 <= 0) & (o3 * o4 <= 0)):
            return False
    return True


def _orient(a, b, c, eps):
    """Sign (−1, 0, 1) of the turn a→b→c, zero within ``eps``."""
    v = (b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0])
    return np.where(np.abs(v) <= eps, 0, np.sign(v))


def simplify_indices(points, tolerance):
    """Indices (ascending) of the vertices Douglas–Peucker keeps on the open
    ring ``points`` (N, 2). The ring is split at the vertex farthest from the
    centroid and the vertex farthest from that one, both always kept."""
    n = len(points)
    if n <= 4:
        return np.arange(n)
    first = int(np.argmax(np.hypot(*(points - points.mean(axis=0)).T)))
    second = int(np.argmax(np.hypot(*(points - points[first]).T)))
    order = np.roll(np.arange(n), -first)
    split = (second - first) % n
    halves = (order[:split + 1], np.append(order[split:], order[0]))
    kept = set()
    for half in halves:
        keep = _douglas_peucker(points[half], tolerance)
        kept.update(int(k) for k in half[keep])
    return np.array(sorted(kept), dtype=np.int64)


def _douglas_peucker(points, tolerance):
    """Boolean mask of the vertices kept on an open polyline."""
    n = len(points)
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        lo, hi = stack.pop()
        if hi - lo < 2:
            continue
        inner = points[lo + 1:hi]
        chord = points[hi] - points[lo]
        length = math.hypot(*chord)
        rel = inner - points[lo]
        if length == 0:
            dist = np.hypot(rel[:, 0], rel[:, 1])
        else:
            dist = np.abs(chord[0] * rel[:, 1] - chord[1] * rel[:, 0]) / length
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            mid = lo + 1 + k
            keep[mid] = True
            stack.append((lo, mid))
            stack.append((mid, hi))
    return keep


def simplify_ring(ring_xy, pixel_size, simplify_px=1.5):
    """Douglas–Peucker simplification at ``simplify_px`` pixels, kept only if
    still a simple ring (else the input). Closed, counter-clockwise."""
    p = _ccw(open_ring(ring_xy))
    simple, _ = _simplified(p, pixel_size * simplify_px)
    return close_ring(simple)


def _ccw(p):
    return p[::-1].copy() if signed_area(p) < 0 else p


def _simplified(p, tolerance):
    """(vertices, indices into p) of the simplified ring, or p itself when
    the simplification is degenerate or self-intersecting."""
    keep = simplify_indices(p, tolerance)
    if len(keep) >= 3 and signed_area(p[keep]) > 0 and ring_is_simple(p[keep]):
        return p[keep], keep
    return p, np.arange(len(p))


def regularize_ring(ring_xy, pixel_size, *, simplify_px=1.5, angle_tol_deg=15.0, min_fraction=0.8,
                    min_edge_px=1.0, merge_px=1.5, chamfer_px=5.0, area_tol=0.15, max_shift_px=3.0):
    """Regularised outline of a traced ring (see the module docstring).

    ``ring_xy``: (N, 2) vertices, closed or not, either orientation.
    Returns ``(ring, regularised)``: a closed counter-clockwise (M, 2)
    float64 ring and whether it was snapped to right angles."""
    raw = open_ring(ring_xy)
    if len(raw) < 3 or pixel_size <= 0:
        return close_ring(raw), False
    origin = raw.mean(axis=0)
    p = _ccw(raw - origin)   # centred: intersections stay precise in UTM-sized coordinates
    simple, keep = _simplified(p, pixel_size * simplify_px)
    fallback = (close_ring(simple) + origin, False)
    if len(simple) < 4:
        return fallback
    lines = _fit_edges(p, keep)
    lengths = np.array([line["length"] for line in lines])
    angles = np.array([line["angle"] for line in lines])
    theta = dominant_orientation(angles, lengths, angle_tol_deg)
    dev = _deviation(angles, theta)
    on_axis = np.abs(dev) <= math.radians(angle_tol_deg)
    if lengths[on_axis].sum() < min_fraction * lengths.sum():
        return fallback
    # a short edge's direction is uncertain by about a pixel at each end, so
    # it is snapped with a wider tolerance (the decision above stays strict)
    slack = np.arctan(pixel_size * simplify_px / np.maximum(lengths, 1e-300))
    snap = np.abs(dev) <= math.radians(angle_tol_deg) + slack
    for line, snapped, delta in zip(lines, snap, dev):
        if snapped:
            a = line["angle"] - delta
            line["dir"] = np.array([math.cos(a), math.sin(a)])
            # axis 0: along θ, axis 1: along θ+90°, whatever the edge's sense
            line["axis"] = int(round((a - theta) / (math.pi / 2))) % 2
    lines = _drop_chamfers(lines, pixel_size * chamfer_px)
    verts = _build(lines, pixel_size * min_edge_px, pixel_size * merge_px)
    for _ in range(REFITS):
        if verts is None:
            break
        lines, theta = _refit(p, verts, theta, math.radians(angle_tol_deg), pixel_size)
        verts = _build(lines, pixel_size * min_edge_px, pixel_size * merge_px)
    if verts is None:
        return fallback
    verts = _drop_collinear(verts, pixel_size * 1e-6)
    if len(verts) < 4 or not ring_is_simple(verts):
        return fallback
    area, reference = signed_area(verts), signed_area(p)
    if area <= 0 or abs(area - reference) > area_tol * reference:
        return fallback
    if _max_distance(p, verts) > max_shift_px * pixel_size:
        return fallback
    return close_ring(verts) + origin, True


def dominant_orientation(angles, lengths, angle_tol_deg=15.0):
    """Dominant edge direction modulo 90°, in radians in [0, π/2): the peak
    of a length-weighted 1° histogram (smoothed over ±angle_tol/3), refined
    by the weighted mean deviation of the edges within ``angle_tol_deg``."""
    deg = np.degrees(np.mod(angles, math.pi / 2))
    hist = np.bincount(np.floor(deg).astype(int) % 90, weights=lengths, minlength=90)
    half = max(1, int(round(angle_tol_deg / 3)))
    smooth = sum(np.roll(hist, k) for k in range(-half, half + 1))
    theta0 = math.radians(int(np.argmax(smooth)) + 0.5)
    dev = _deviation(angles, theta0)
    near = np.abs(dev) <= math.radians(angle_tol_deg)
    theta = theta0 + float(np.sum(dev[near] * lengths[near]) / np.sum(lengths[near]))
    return theta % (math.pi / 2)


def _deviation(angles, theta):
    """Signed angle (radians, in [−45°, 45°)) from each angle to the nearest
    of the axes θ + k·90°."""
    q = math.pi / 2
    return np.mod(np.asarray(angles) - theta + q / 2, q) - q / 2


def _fit_edges(p, keep):
    """One line per simplified edge: direction from the principal axis of the
    traced vertices it spans and position at their mean (a staircase's
    inner and outer corners straddle the true edge evenly), plus the
    simplified vertex at its end (``junction``)."""
    n, m = len(p), len(keep)
    lines = []
    for k in range(m):
        i, j = int(keep[k]), int(keep[(k + 1) % m])
        idx = np.arange(i, j + 1) if j > i else np.concatenate([np.arange(i, n), np.arange(0, j + 1)])
        pts = p[idx]
        chord = pts[-1] - pts[0]
        # the traced vertices next to a simplified corner belong as much to
        # the neighbouring edge (flat tips of rasterised corners), so long
        # spans are fitted without them
        fit = pts[1:-1] if len(pts) >= 5 else pts
        centre = fit.mean(axis=0)
        angle = math.atan2(chord[1], chord[0])
        if len(fit) > 2:
            angle = _principal_angle(fit - centre, angle)
        lines.append({"point": centre, "dir": np.array([math.cos(angle), math.sin(angle)]),
                      "angle": angle, "length": math.hypot(*chord), "axis": -1,
                      "junction": p[j].copy()})
    return lines


def _refit(p, verts, theta, angle_tol, corner_radius):
    """Lines re-fitted to the traced vertices nearest each edge of the
    regularised ring ``verts`` (those within ``corner_radius`` of a corner
    left out), and the dominant orientation re-estimated from the snapped
    edges. Simplified vertices sit at corner tips that belong to either
    edge, so the first fit can be biased by a pixel at each end; the
    regularised corners split the trace evenly."""
    a = open_ring(verts)
    b = np.roll(a, -1, axis=0)
    d = b - a
    dd = np.maximum((d ** 2).sum(axis=1), 1e-300)
    t = np.clip(((p[:, None, :] - a) * d).sum(axis=2) / dd, 0.0, 1.0)
    dist = np.hypot(*(p[:, None, :] - (a + t[..., None] * d)).transpose(2, 0, 1))
    owner = np.argmin(dist, axis=1)
    corner = np.hypot(*(p[:, None, :] - a).transpose(2, 0, 1)).min(axis=1) < corner_radius
    lines, pooled = [], []
    for i in range(len(a)):
        pts = p[(owner == i) & ~corner]
        length = math.sqrt(dd[i])
        edge_angle = math.atan2(d[i, 1], d[i, 0])
        snapped = abs(float(_deviation(edge_angle, theta))) <= angle_tol
        angle, centre = edge_angle, (a[i] + b[i]) / 2
        if len(pts) >= 2:
            centre = pts.mean(axis=0)
            c = pts - centre
            if snapped:
                # turn edges of the second axis onto the first for one joint fit
                turn = round((edge_angle - theta) / (math.pi / 2)) * (math.pi / 2)
                cos, sin = math.cos(turn), math.sin(turn)
                pooled.append(c @ np.array([[cos, -sin], [sin, cos]]))
            elif len(pts) >= 3:
                angle = _principal_angle(c, edge_angle)
        lines.append({"point": centre, "angle": angle, "length": length, "axis": -1,
                      "snapped": snapped, "junction": b[i].copy()})
    if pooled:
        c = np.concatenate(pooled)
        fitted = _principal_angle(c, theta)
        # half steps: the corner split moves with θ, and full steps can
        # oscillate between two biased fits
        theta = (theta + 0.5 * float(_deviation(fitted, theta))) % (math.pi / 2)
    for line in lines:
        if line.pop("snapped"):
            ang = line["angle"] - float(_deviation(line["angle"], theta))
            line["axis"] = int(round((ang - theta) / (math.pi / 2))) % 2
        else:
            ang = line["angle"]
        line["dir"] = np.array([math.cos(ang), math.sin(ang)])
    return lines, theta


def _principal_angle(centred, near):
    """Angle of the principal axis of centred (N, 2) points, in the sense
    closest to the angle ``near``."""
    sxx, syy = (centred[:, 0] ** 2).sum(), (centred[:, 1] ** 2).sum()
    sxy = (centred[:, 0] * centred[:, 1]).sum()
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy)
    return angle + math.pi if math.cos(angle - near) < 0 else angle


def _drop_chamfers(lines, max_length):
    """Lines without the off-axis edges shorter than ``max_length``; the
    previous line's junction moves to the dropped edge's middle."""
    out = list(lines)
    k = 0
    while k < len(out) and len(out) > 3:
        line = out[k]
        if line["axis"] < 0 and line["length"] < max_length:
            prev = out[k - 1]
            out[k - 1] = dict(prev, junction=(prev["junction"] + line["junction"]) / 2)
            del out[k]
            continue
        k += 1
    return out


def _offset(line, point):
    """Signed distance of ``point`` from the line, along its left normal."""
    d = line["dir"]
    return float((point[1] - line["point"][1]) * d[0] - (point[0] - line["point"][0]) * d[1])


def _merge_pass(lines, merge_tol):
    """Merge consecutive snapped lines on the same axis whose offsets differ
    by at most ``merge_tol``; True if anything merged."""
    merged = False
    k = 0
    while len(lines) > 3 and k < len(lines):
        a, b = lines[k], lines[(k + 1) % len(lines)]
        if a["axis"] >= 0 and a["axis"] == b["axis"] and np.dot(a["dir"], b["dir"]) > 0 \
                and abs(_offset(a, b["point"])) <= merge_tol:
            w = a["length"] + b["length"]
            point = (a["point"] * a["length"] + b["point"] * b["length"]) / max(w, 1e-300)
            lines[k] = dict(a, point=point, length=w, junction=b["junction"])
            del lines[(k + 1) % len(lines)]
            merged = True
            if k >= len(lines):
                k = 0
            continue
        k += 1
    return merged


def _junctions(lines):
    """For each pair (line i, line i+1), the vertices joining them: their
    intersection, or when nearly parallel the projections of the original
    junction onto both lines (a short connector)."""
    out = []
    n = len(lines)
    for i in range(n):
        a, b = lines[i], lines[(i + 1) % n]
        da, db = a["dir"], b["dir"]
        s = da[0] * db[1] - da[1] * db[0]
        if abs(s) >= PARALLEL_SIN:
            diff = b["point"] - a["point"]
            t = (diff[0] * db[1] - diff[1] * db[0]) / s
            out.append([a["point"] + t * da])
        else:
            v = a["junction"]
            out.append([_project(a, v), _project(b, v)])
    return out


def _project(line, v):
    d = line["dir"]
    return line["point"] + np.dot(v - line["point"], d) * d


def _build(lines, min_edge, merge_tol):
    """Vertices of the regularised ring, dropping lines whose edge is
    shorter than ``min_edge`` (or reversed), or None when fewer than three
    lines remain."""
    lines = [dict(line) for line in lines]
    _merge_pass(lines, merge_tol)
    for _ in range(4 * len(lines) + 4):
        if len(lines) < 3:
            return None
        joins = _junctions(lines)
        n = len(lines)
        starts = [joins[i - 1][-1] for i in range(n)]
        ends = [joins[i][0] for i in range(n)]
        lengths = np.array([np.dot(lines[i]["dir"], ends[i] - starts[i]) for i in range(n)])
        worst = int(np.argmin(lengths))
        if lengths[worst] >= min_edge:
            return np.array([v for join in joins for v in join])
        # the neighbours now meet near the dropped edge's middle
        lines[worst - 1]["junction"] = (starts[worst] + ends[worst]) / 2
        del lines[worst]
        _merge_pass(lines, merge_tol)
    return None


def _drop_collinear(verts, eps):
    """Remove repeated vertices and vertices on a straight line."""
    verts = open_ring(verts)
    changed = True
    while changed and len(verts) > 3:
        prev, nxt = np.roll(verts, 1, axis=0), np.roll(verts, -1, axis=0)
        u, w = verts - prev, nxt - verts
        cross = u[:, 0] * w[:, 1] - u[:, 1] * w[:, 0]
        norm = np.hypot(u[:, 0], u[:, 1]) * np.hypot(w[:, 0], w[:, 1])
        flat = (np.abs(cross) <= 1e-9 * np.maximum(norm, eps * eps)) & (np.einsum("ij,ij->i", u, w) > 0)
        flat |= np.hypot(u[:, 0], u[:, 1]) <= eps
        changed = bool(flat.any())
        if changed:
            # drop one at a time so neighbouring flags stay valid
            verts = np.delete(verts, int(np.argmax(flat)), axis=0)
    return verts


def _max_distance(points, ring):
    """Largest distance from any of ``points`` to the boundary of ``ring``."""
    a = open_ring(ring)
    b = np.roll(a, -1, axis=0)
    d = b - a
    dd = np.maximum((d ** 2).sum(axis=1), 1e-300)
    best = np.full(len(points), np.inf)
    for start in range(0, len(points), 4096):
        q = points[start:start + 4096, None, :]
        t = np.clip(((q - a) * d).sum(axis=2) / dd, 0.0, 1.0)
        dist = np.hypot(*(q - (a + t[..., None] * d)).transpose(2, 0, 1))
        best[start:start + 4096] = dist.min(axis=1)
    return float(best.max()) if len(best) else 0.0
