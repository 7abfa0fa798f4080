"""Real, openly licensed building data for MineWatch's shipped building model
(development only: read from local copies, nothing is downloaded, nothing
is committed).

Sources:
* ``fair`` — the HOT fAIr / RAMP training areas in the public repository
  ``hotosm/fAIr-utilities`` (commit 61f15156, ``ramp-data/TRAIN/HOTOSM/2``):
  256 px drone chips from OpenAerialMap (CC BY 4.0) at zoom 21 (about
  7.5 cm) with OpenStreetMap building footprints (© OpenStreetMap
  contributors, ODbL). Areas: 1 Zanzibar (Tanzania), 2 Kampala (Uganda),
  3 Banepa (Nepal), 4 the Philippines, 5 Nairobi (Kenya).
* ``spacenet`` — the SpaceNet Atlanta tile in ``../shared/realdata``
  (WorldView off-nadir panchromatic, 0.5 m; CC BY-SA 4.0, from the
  solaris test data of CosmiQ Works).

:func:`fair_area` mosaics an area's chips (their web-mercator tile bounds
from the file names), warps the mosaic to its UTM zone at the pixel size
asked, and writes its footprints as a GeoPackage with a ``class`` field
(1 = building); :func:`label_raster` burns footprints on an image's grid
(0 other, 1 building, 255 outside the image) for scoring.
"""
import glob
import json
import math
import os
import re

FAIR_AREAS = {1: "Zanzibar, Tanzania", 2: "Kampala, Uganda", 3: "Banepa, Nepal",
              4: "Philippines", 5: "Nairobi, Kenya"}
FAIR_LICENCE = ("imagery: OpenAerialMap contributors, CC BY 4.0; building footprints: "
                "© OpenStreetMap contributors, ODbL 1.0; chips and labels prepared by the "
                "Humanitarian OpenStreetMap Team (hotosm/fAIr-utilities, ramp-data)")
SPACENET_LICENCE = ("SpaceNet (CosmiQ Works, Maxar/DigitalGlobe), CC BY-SA 4.0; the Atlanta "
                    "tile of the solaris test data")
WEB_MERCATOR_HALF = 20037508.342789244  # m, half the extent of EPSG:3857
CHIP = re.compile(r"OAM-(\d+)-(\d+)-(\d+)\.png$")


def tile_bounds(x, y, zoom):
    """(left, bottom, right, top) of XYZ tile (x, y, zoom) in EPSG:3857 metres."""
    size = 2 * WEB_MERCATOR_HALF / 2 ** zoom
    left = -WEB_MERCATOR_HALF + x * size
    top = WEB_MERCATOR_HALF - y * size
    return left, top - size, left + size, top


def utm_epsg(lon, lat):
    """The EPSG code of the UTM zone holding (lon, lat) degrees."""
    zone = int(math.floor((lon + 180.0) / 6.0)) + 1
    return (32600 if lat >= 0 else 32700) + zone


def fair_area(folder, area, out, pixel_m=0.3):
    """The image (8-bit RGB GeoTIFF, UTM, ``pixel_m`` m, nodata 0) and the
    footprints (GeoPackage, field ``class`` = 1) of fAIr area ``area`` from
    ``folder`` (``ramp-data/TRAIN/HOTOSM/2``); made once under ``out``."""
    from osgeo import gdal, ogr, osr

    gdal.UseExceptions()
    image = os.path.join(out, f"fair{area}_{pixel_m:g}m.tif")
    footprints = os.path.join(out, f"fair{area}_buildings.gpkg")
    if os.path.exists(image) and os.path.exists(footprints):
        return image, footprints
    os.makedirs(out, exist_ok=True)
    chips_dir = os.path.join(out, f"fair{area}_chips")
    os.makedirs(chips_dir, exist_ok=True)
    chips, lon_lat = [], None
    for png in sorted(glob.glob(os.path.join(folder, "data", str(area), "*.png"))):
        x, y, zoom = (int(v) for v in CHIP.search(png).groups())
        left, bottom, right, top = tile_bounds(x, y, zoom)
        tif = os.path.join(chips_dir, os.path.basename(png)[:-4] + ".tif")
        if not os.path.exists(tif):
            gdal.Translate(tif, png, outputSRS="EPSG:3857", outputBounds=[left, top, right, bottom],
                           bandList=[1, 2, 3])
        chips.append(tif)
        if lon_lat is None:
            n = math.pi - 2 * math.pi * (y + 0.5) / 2 ** zoom
            lon_lat = ((x + 0.5) / 2 ** zoom * 360.0 - 180.0, math.degrees(math.atan(math.sinh(n))))
    mosaic = os.path.join(out, f"fair{area}_mosaic.vrt")
    gdal.BuildVRT(mosaic, chips, srcNodata=None, VRTNodata=0)
    epsg = utm_epsg(*lon_lat)
    gdal.Warp(image, mosaic, dstSRS=f"EPSG:{epsg}", xRes=pixel_m, yRes=pixel_m,
              resampleAlg="average", dstNodata=0, creationOptions=["COMPRESS=DEFLATE", "TILED=YES"])
    ds = gdal.Open(image, gdal.GA_Update)
    for b, name in enumerate(("red", "green", "blue"), start=1):
        ds.GetRasterBand(b).SetDescription(name)
    ds = None
    # footprints: every chip's GeoJSON, each OSM building once
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    target = ogr.GetDriverByName("GPKG").CreateDataSource(footprints)
    layer = target.CreateLayer("buildings", srs, ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn("class", ogr.OFTInteger))
    seen = set()
    for path in sorted(glob.glob(os.path.join(folder, "labels", str(area), "*.geojson"))):
        with open(path, encoding="utf-8") as handle:
            for feature in json.load(handle).get("features") or []:
                geometry = feature.get("geometry")
                if not geometry:
                    continue
                key = json.dumps(geometry, sort_keys=True)
                if key in seen:
                    continue
                seen.add(key)
                shape = ogr.ForceToMultiPolygon(ogr.CreateGeometryFromJson(json.dumps(geometry)))
                row = ogr.Feature(layer.GetLayerDefn())
                row.SetGeometry(shape)
                row.SetField("class", 1)
                layer.CreateFeature(row)
    target = None
    return image, footprints


def label_raster(image, footprints, dst):
    """Footprints burnt on ``image``'s grid: 1 building, 0 other, 255 where
    the image is nodata (uint8 GeoTIFF ``dst``)."""
    import numpy as np
    from osgeo import gdal

    gdal.UseExceptions()
    src = gdal.Open(image)
    driver = gdal.GetDriverByName("GTiff")
    out = driver.Create(dst, src.RasterXSize, src.RasterYSize, 1, gdal.GDT_Byte,
                        options=["COMPRESS=DEFLATE"])
    out.SetGeoTransform(src.GetGeoTransform())
    out.SetProjection(src.GetProjection())
    out.GetRasterBand(1).SetNoDataValue(255)
    out.GetRasterBand(1).Fill(0)
    gdal.Rasterize(out, footprints, burnValues=[1])
    band = src.GetRasterBand(1)
    nodata = band.GetNoDataValue()
    if nodata is not None:
        labels = out.GetRasterBand(1).ReadAsArray()
        labels[band.ReadAsArray() == nodata] = 255
        out.GetRasterBand(1).WriteArray(labels.astype(np.uint8))
    out = None
    return dst


def reprojected(footprints, image, dst):
    """``footprints`` in ``image``'s CRS (GeoPackage ``dst``, made once), so
    polygons can be matched with the outlines Extract Buildings writes."""
    from osgeo import gdal

    gdal.UseExceptions()
    if not os.path.exists(dst):
        gdal.VectorTranslate(dst, footprints, format="GPKG",
                             dstSRS=gdal.Open(image).GetProjection())
    return dst


def spacenet_atlanta(out, realdata=None, pixel_m=None):
    """The SpaceNet Atlanta tile as an 8-bit three-band image (the pan band
    repeated, 2–98 % stretch, as a user would feed a pan image to an RGB
    model; averaged to ``pixel_m`` m when given, else its own 0.5 m) and
    its footprints (GeoPackage, ``class`` = 1)."""
    from make_building_weights import stretched_rgb
    from osgeo import gdal

    gdal.UseExceptions()
    realdata = realdata or os.path.join(os.path.dirname(__file__), "..", "..", "shared",
                                        "realdata", "spacenet_atlanta")
    image = os.path.join(out, "spacenet_atlanta_rgb.tif")
    footprints = os.path.join(out, "spacenet_atlanta_buildings.gpkg")
    if not os.path.exists(image):
        os.makedirs(out, exist_ok=True)
        stretched_rgb(os.path.join(realdata, "sample_geotiff.tif"), image)
    if pixel_m:
        coarser = os.path.join(out, f"spacenet_atlanta_rgb_{pixel_m:g}m.tif")
        if not os.path.exists(coarser):
            gdal.Warp(coarser, image, xRes=pixel_m, yRes=pixel_m, resampleAlg="average")
        image = coarser
    if not os.path.exists(footprints):
        gdal.VectorTranslate(footprints, os.path.join(realdata, "geotiff_labels.geojson"),
                             format="GPKG", SQLStatement="SELECT *, 1 AS class FROM geotiff_labels",
                             layerName="buildings")
    return image, footprints
