"""``make repository``: a plugin repository for a department's intranet:
the plugin zip and a ``plugins.xml`` describing it, in one folder to put on
any web server (or a shared drive: QGIS also reads ``file://`` URLs).

    python3 scripts/plugin_repository.py --url https://gis.example.gov.cn/qgis/ --out dist/repository

In QGIS: Plugins > Manage and Install Plugins > Settings > Add…, URL
``<url>plugins.xml``; MineWatch then installs and updates from there.
"""
import argparse
import configparser
import datetime
import os
import sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from package import PLUGIN, build_zip  # noqa: E402

TEXT_FIELDS = ("description", "about", "homepage", "tracker", "repository", "tags")


def plugins_xml(metadata, zip_name, base_url, now=None):
    """The ``plugins.xml`` text (QGIS's plugin repository format) for one
    plugin zip whose metadata.txt ``[general]`` section is ``metadata``."""
    now = (now or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    url = base_url if base_url.endswith("/") else base_url + "/"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<plugins>",
             f'  <pyqgis_plugin name="{escape(metadata["name"])}" version="{escape(metadata["version"])}">']
    for field in TEXT_FIELDS:
        lines.append(f"    <{field}><![CDATA[{metadata.get(field, '')}]]></{field}>")
    values = {
        "version": metadata["version"],
        "qgis_minimum_version": metadata["qgisMinimumVersion"],
        "qgis_maximum_version": metadata.get("qgisMaximumVersion", ""),
        "author_name": metadata.get("author", ""),
        "file_name": zip_name,
        "download_url": url + zip_name,
        "icon": metadata.get("icon", ""),
        "experimental": metadata.get("experimental", "False"),
        "deprecated": metadata.get("deprecated", "False"),
        "server": metadata.get("server", "False"),
        "uploaded_by": metadata.get("author", ""),
        "create_date": now,
        "update_date": now,
    }
    for field, value in values.items():
        if value:
            lines.append(f"    <{field}>{escape(str(value))}</{field}>")
    lines += ["  </pyqgis_plugin>", "</plugins>", ""]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="where the folder will be served, e.g. "
                        "https://gis.example.gov.cn/qgis/ or file:///S:/qgis/")
    parser.add_argument("--out", default=os.path.join(REPO, "dist", "repository"))
    args = parser.parse_args(argv)
    zip_path = build_zip(args.out)
    meta = configparser.ConfigParser()
    meta.optionxform = str
    meta.read(os.path.join(REPO, PLUGIN, "metadata.txt"), encoding="utf-8")
    xml = plugins_xml(meta["general"], os.path.basename(zip_path), args.url)
    with open(os.path.join(args.out, "plugins.xml"), "w", encoding="utf-8") as fh:
        fh.write(xml)
    print(f"{args.out}: {os.path.basename(zip_path)} and plugins.xml; in QGIS add the "
          f"repository {args.url.rstrip('/')}/plugins.xml")


if __name__ == "__main__":
    main()
