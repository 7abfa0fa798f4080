"""Reading PS files written by the simulator: GeoPackage and EGMS-like CSV."""
import numpy as np
import pytest

from devkit.insar_sim.ps_simulator import simulate_scene, write_egms_csv, write_gpkg
from minewatch.core.insar.dates import PsInputError
from minewatch.core.insar.reader import read_ps_file
from minewatch.core.insar.series import to_settlement


@pytest.fixture(scope="module")
def scene():
    return simulate_scene(n_points=3000, n_buildings=200, n_dates=25, n_bowls=1, nan_fraction=0.05,
                          licence_bowls=1, seed=2)


@pytest.mark.parametrize("use_arrow", [True, False])
def test_gpkg_round_trip(tmp_path, scene, use_arrow):
    path = write_gpkg(scene, str(tmp_path / "ps.gpkg"), style="D_YYYYMMDD")
    table = read_ps_file(path, use_arrow=use_arrow)
    assert table.used_arrow == use_arrow and table.layer_name == "ps"
    assert table.values.dtype == np.float32 and table.values.shape == (len(scene), len(scene.dates))
    np.testing.assert_array_equal(table.dates.dates, scene.dates)
    assert table.dates.skipped == ["pid"]
    np.testing.assert_array_equal(table.pid, scene.pid)
    np.testing.assert_array_equal(table.xy, scene.xy)
    expected = scene.settlement()
    got = to_settlement(table.values)            # file: EGMS sign, mm
    assert np.isnan(expected).sum() > 0
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))   # NULL → NaN, never 0
    np.testing.assert_array_equal(got, expected)
    assert "32650" in table.crs_wkt


def test_csv_round_trip_and_bad_cells(tmp_path, scene):
    path = write_egms_csv(scene, str(tmp_path / "ps.csv"))
    table = read_ps_file(path)
    np.testing.assert_array_equal(table.pid, scene.pid)
    np.testing.assert_allclose(table.xy, scene.xy, atol=6e-4)
    assert table.dates.skipped == ["pid", "easting", "northing", "height"]
    expected = scene.settlement()
    got = to_settlement(table.values)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    np.testing.assert_allclose(got, expected, atol=0.006)


def test_csv_text_cells_and_explicit_fields(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("id,x,y,2020-01-13,20200101,D20200125,note\n"
                    "a,1.5,2.5,3.0,,abc,n\n"
                    "b,4.0,5.0,,-7,8.5,m\n")
    table = read_ps_file(str(path), pid_field="id")
    assert table.dates.names == ["20200101", "2020-01-13", "D20200125"]
    np.testing.assert_array_equal(table.values, np.array([[np.nan, 3.0, np.nan], [-7, np.nan, 8.5]], np.float32))
    np.testing.assert_array_equal(table.xy, [[1.5, 2.5], [4.0, 5.0]])
    assert list(table.pid) == ["a", "b"]
    sub = read_ps_file(str(path), date_fields=["20200101", "D20200125", "2020-01-13"], x_field="x", y_field="y")
    assert sub.values.shape == (2, 3)
    with pytest.raises(PsInputError, match="at least 3"):
        read_ps_file(str(path), date_fields=["20200101", "D20200125"])
    with pytest.raises(PsInputError, match="not in the layer"):
        read_ps_file(str(path), x_field="lon")


def test_missing_file(tmp_path):
    with pytest.raises(PsInputError, match="does not exist"):
        read_ps_file(str(tmp_path / "none.gpkg"))


def test_long_series_read_in_field_passes(tmp_path):
    # GDAL 3.6's Arrow stream is empty beyond ~125 fields: the reader must split
    long = simulate_scene(n_points=300, n_buildings=30, n_dates=260, n_bowls=0, nan_fraction=0.02, seed=3)
    table = read_ps_file(write_gpkg(long, str(tmp_path / "long.gpkg"), spatial_index=False))
    assert table.used_arrow and table.values.shape == (300, 260)
    np.testing.assert_array_equal(to_settlement(table.values), long.settlement())
    np.testing.assert_array_equal(table.xy, long.xy)
    # a tile's rows read back by FID take the same passes
    from minewatch.core.insar.reader import read_ps_rows

    pick = [5, 77, 299]
    rows = read_ps_rows(str(tmp_path / "long.gpkg"), table.fid[pick], table.dates.names)
    np.testing.assert_array_equal(to_settlement(rows), long.settlement()[pick])


def test_reader_leaves_gdal_exception_mode_as_it_was(tmp_path):
    from osgeo import gdal, ogr

    from minewatch.core.raster.gdal_modes import gdal_exceptions

    before = (gdal.GetUseExceptions(), ogr.GetUseExceptions())
    with gdal_exceptions():
        assert gdal.GetUseExceptions() and ogr.GetUseExceptions()
    assert (gdal.GetUseExceptions(), ogr.GetUseExceptions()) == before


def write_multipoint_shapefile(path, scene, parts=1):
    """The scene as a P-SBAS-like shapefile: one MultiPoint per PS (``parts``
    copies of its point), a DYYYYMMDD field per date."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    data = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    layer = data.CreateLayer("psbas", srs, ogr.wkbMultiPoint)
    layer.CreateField(ogr.FieldDefn("pid", ogr.OFTInteger))
    names = [f"D{d.strftime('%Y%m%d')}" for d in scene.dates.astype("datetime64[D]").tolist()]
    for name in names:
        field = ogr.FieldDefn(name, ogr.OFTReal)
        field.SetWidth(12)
        field.SetPrecision(3)
        layer.CreateField(field)
    values = -scene.settlement()  # the file holds EGMS sign (negative = settlement)
    for i in range(len(scene)):
        feature = ogr.Feature(layer.GetLayerDefn())
        shape = ogr.Geometry(ogr.wkbMultiPoint)
        for _ in range(parts):
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(float(scene.xy[i, 0]), float(scene.xy[i, 1]))
            shape.AddGeometry(point)
        feature.SetGeometry(shape)
        feature.SetField("pid", int(scene.pid[i]))
        for name, value in zip(names, values[i]):
            if np.isfinite(value):
                feature.SetField(name, float(value))
        layer.CreateFeature(feature)
    data = None
    return str(path)


@pytest.mark.parametrize("use_arrow", [True, False])
def test_single_part_multipoints_are_read_where_they_are(tmp_path, scene, use_arrow):
    path = write_multipoint_shapefile(tmp_path / "psbas.shp", scene)
    table = read_ps_file(path, use_arrow=use_arrow)
    np.testing.assert_allclose(table.xy, scene.xy)
    assert len(table.dates.dates) == len(scene.dates)


@pytest.mark.parametrize("use_arrow", [True, False])
def test_multi_part_multipoints_are_refused_clearly(tmp_path, scene, use_arrow):
    path = write_multipoint_shapefile(tmp_path / "psbas2.shp", scene, parts=2)
    with pytest.raises(PsInputError, match="Multipart to Singleparts"):
        read_ps_file(path, use_arrow=use_arrow)


def write_lonlat_csv(path, scene, x="lon", y="lat", date_style="{:%Y%m%d}", scale=1.0):
    """The scene's PS with WGS 84 lon/lat columns (from its UTM 50N
    positions), a StaMPS/DePSI-like export; values × ``scale`` (EGMS sign)."""
    from osgeo import osr

    utm, wgs = osr.SpatialReference(), osr.SpatialReference()
    utm.ImportFromEPSG(32650)
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lonlat = np.array(osr.CoordinateTransformation(utm, wgs).TransformPoints(scene.xy))[:, :2]
    values = -scene.settlement() * scale
    names = [date_style.format(d) for d in scene.dates.astype("datetime64[D]").tolist()]
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(["pid", x, y] + names) + "\n")
        for i in range(len(scene)):
            cells = ["" if not np.isfinite(v) else repr(float(v)) for v in values[i]]
            f.write(",".join([str(int(scene.pid[i])), repr(float(lonlat[i, 0])),
                              repr(float(lonlat[i, 1]))] + cells) + "\n")
    return str(path), lonlat


def test_lon_lat_columns_are_wgs84_degrees(tmp_path, scene):
    path, lonlat = write_lonlat_csv(tmp_path / "stamps.csv", scene)
    table = read_ps_file(path)
    assert table.lonlat_assumed and "4326" in table.crs_wkt
    np.testing.assert_allclose(table.xy, lonlat, atol=1e-9)
    depsi, _ = write_lonlat_csv(tmp_path / "depsi.csv", scene, "pnt_lon", "pnt_lat",
                                "d_{:%Y%m%d}", scale=0.001)
    table = read_ps_file(depsi)
    assert table.lonlat_assumed and len(table.dates.dates) == len(scene.dates)
    # projected coordinates in columns named x/y are never taken as degrees
    plain = read_ps_file(write_egms_csv(scene, str(tmp_path / "ps.csv")))
    assert not plain.lonlat_assumed and plain.crs_wkt == ""


def write_stamps_export(path, scene):
    """The scene as StaMPS-Visualizer's stamps_tsexport.csv: MATLAB header,
    a metadata row (reference lon/lat, NaN, datenum − 1 per date), then
    lon, lat, mean velocity, displacements (mm, negative = away)."""
    import datetime

    _, lonlat = write_lonlat_csv(str(path) + ".tmp", scene)
    days = [d.toordinal() + 366 - 1 for d in scene.dates.astype("datetime64[D]").tolist()]
    values = -scene.settlement()
    n = 3 + len(days)
    with open(path, "w", encoding="utf-8") as f:
        # MATLAB pads the column numbers to one width ("export_res_ 1", as in
        # the Maoxian export of thho/StaMPS_Visualizer)
        width = len(str(n))
        f.write(",".join(f"export_res_{i:{width}d}" for i in range(1, n + 1)) + "\n")
        f.write(",".join(["116.3", "39.9", "NaN"] + [str(d) for d in days]) + "\n")
        for i in range(len(scene)):
            cells = ["NaN" if not np.isfinite(v) else f"{v:.3f}" for v in values[i]]
            f.write(",".join([f"{lonlat[i, 0]:.8f}", f"{lonlat[i, 1]:.8f}", "-1.5"] + cells) + "\n")
    assert datetime.date.fromordinal(days[0] + 1 - 366) == scene.dates[0].astype(object)
    return str(path), lonlat


def test_a_stamps_export_becomes_a_plain_ps_csv(tmp_path, scene):
    from minewatch.core.insar.stamps_export import convert_stamps_export, is_stamps_export

    path, lonlat = write_stamps_export(tmp_path / "stamps_tsexport.csv", scene)
    assert is_stamps_export(path) and not is_stamps_export(write_egms_csv(scene, str(tmp_path / "e.csv")))
    count, dates = convert_stamps_export(path, str(tmp_path / "plain.csv"))
    assert count == len(scene) and [np.datetime64(d) for d in dates] == list(scene.dates)
    table = read_ps_file(str(tmp_path / "plain.csv"))
    assert table.lonlat_assumed
    np.testing.assert_allclose(table.xy, lonlat, atol=1e-7)
    np.testing.assert_allclose(to_settlement(table.values), scene.settlement(), atol=6e-4)
