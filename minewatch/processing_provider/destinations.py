"""Checks on an algorithm's outputs before any work: no output may be (or
overwrite) one of its inputs, every output's folder must be writable, and
a raster output must be in a format that can be written tile by tile.

Paths are compared after resolving links and case (``os.path.realpath``,
``normcase``); a layer is compared by the file behind it (a GeoPackage
layer by its ``.gpkg``: writing a sink there replaces the whole file), so
an output over any input file is refused whatever its layer name.
"""
import os
import uuid

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputLayerDefinition,
    QgsProperty,
    QgsProviderRegistry,
)

from .translate import tr

INPUT_LAYER_TYPES = ("raster", "vector", "source", "layer", "mesh", "pointcloud")


def same_file_key(path):
    """A key equal for two spellings of the same file."""
    return os.path.normcase(os.path.realpath(os.path.abspath(path)))


def lies_inside(path, folder):
    """Whether ``path`` lies inside ``folder`` (any spelling of either)."""
    return same_file_key(path).startswith(same_file_key(folder).rstrip(os.sep) + os.sep)


def destination_value(value, context):
    """A destination value (a definition, a property or text) as the text
    it holds, as given ('' for none)."""
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    if isinstance(value, QgsProperty):
        value = value.valueAsString(context.expressionContext())[0]
    return str(value or "")


def destination_text(value, context):
    """A destination value as text; '' for none, a temporary output or a
    memory layer."""
    value = destination_value(value, context)
    if not value or value == QgsProcessing.TEMPORARY_OUTPUT or value.startswith("memory:"):
        return ""
    return value


def output_requested(parameters, name, context) -> bool:
    """True when the optional output ``name`` is wanted: a path, a
    temporary output or a memory layer. Not wanted: no value, '' (a blank
    file output in the batch dialog) or an output definition whose sink is
    blank (the batch dialog's blank layer output), as QGIS's own
    ``parameterAsSink`` reads them."""
    return bool(destination_value(parameters.get(name), context).strip())


def raw_destination(value, context):
    """The file path a destination value names; '' for none, a temporary
    output or a memory layer. Reads the value itself: asking QGIS for the
    output layer would register it a second time for loading."""
    value = destination_text(value, context)
    if value.startswith("ogr:"):  # ogr:dbname='path with spaces' table="name"
        return ogr_uri_parts(value)[0]
    return value.split("|")[0]


def ogr_uri_parts(value):
    """(path, table) of an ``ogr:dbname='…' table="…"`` destination; quoted
    values may hold spaces (and '' for a quote)."""
    import shlex

    try:
        words = shlex.split(value[4:])
    except ValueError:  # an unbalanced quote: take the text as it is
        words = value[4:].split()
    fields = dict(word.split("=", 1) for word in words if "=" in word)
    return fields.get("dbname", ""), fields.get("table", "")


def destination_layer(value, context):
    """The layer (table) name a destination value names, '' for none."""
    value = destination_text(value, context)
    if value.startswith("ogr:"):
        return ogr_uri_parts(value)[1]
    for part in value.split("|")[1:]:
        if part.startswith("layername="):
            return part[len("layername="):]
    return ""


def layer_file(layer):
    """The file behind a map layer ('' when it has none, e.g. a database)."""
    if layer is None:
        return ""
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    path = parts.get("path") or ""
    if not path and os.path.exists(layer.source().split("|")[0]):
        path = layer.source().split("|")[0]
    return path


def input_files(algorithm, parameters, context):
    """(description, path) of every file the algorithm's inputs read."""
    found = []
    for definition in algorithm.parameterDefinitions():
        if definition.isDestination() or parameters.get(definition.name()) in (None, ""):
            continue
        kind, name = definition.type(), definition.name()
        if kind == "raster":  # with its type: a path tried as a vector first logs OGR warnings
            paths = [layer_file(algorithm.parameterAsRasterLayer(parameters, name, context))]
        elif kind == "vector":
            paths = [layer_file(algorithm.parameterAsVectorLayer(parameters, name, context))]
        elif kind in INPUT_LAYER_TYPES:
            paths = [layer_file(algorithm.parameterAsLayer(parameters, name, context))]
        elif kind == "multilayer":
            paths = [layer_file(layer)
                     for layer in algorithm.parameterAsLayerList(parameters, name, context)]
        elif kind == "file":
            paths = [algorithm.parameterAsFile(parameters, name, context)]
        else:
            continue
        found += [(definition.description(), p) for p in paths if p]
    return found


def model_input_files(context):
    """(description, path) of the files a graphical model's inputs name, when
    an algorithm runs as a step of that model, else nothing.

    QGIS gives each step the model's input values (expression scope
    ``algorithm_inputs``) but checks no step's outputs against them: a step
    may overwrite the model input another step reads. The model's own
    definitions tell which values are files (a string input that happens to
    name a file is not one); a plain folder given as input is where a user's
    model may put its outputs, so only a sample folder owns its contents."""
    from qgis.core import QgsApplication, QgsProcessingModelAlgorithm

    from ..core.training.samples import MANIFEST

    expression_context = context.expressionContext()  # holds the scopes used below
    scopes = expression_context.scopes()
    values = next((scope for scope in scopes if scope.name() == "algorithm_inputs"), None)
    if values is None:
        return []
    registry = QgsApplication.processingRegistry()
    models = [registry.algorithmById(scope.variable("algorithm_id")) for scope in scopes
              if scope.name() == "Algorithm" and scope.hasVariable("algorithm_id")]
    model = next((m for m in models if isinstance(m, QgsProcessingModelAlgorithm)), None)
    if model is None:  # a model the registry does not hold: its input types are unknown
        return []
    given = {name: values.variable(name) for name in values.variableNames()
             if model.parameterDefinition(name) is not None}
    label = tr("{name} (input of the model)")
    return [(label.format(name=description), path)
            for description, path in input_files(model, given, context)
            if not os.path.isdir(path) or os.path.isfile(os.path.join(path, MANIFEST))]


def output_files(algorithm, parameters, context):
    """(definition, path) of every requested file output."""
    found = []
    for definition in algorithm.destinationParameterDefinitions():
        path = raw_destination(parameters.get(definition.name()), context)
        if path:
            found.append((definition, path))
    return found


# files written beside an output or kept beside an input, sharing its name
SIDECARS = (".qml", ".json", ".aux.xml", ".ovr", ".gpkg-wal", ".gpkg-shm")


def sidecars(path):
    """The files that travel with ``path``: ``name.ext.aux.xml``-style and
    ``name.qml``-style sidecars."""
    stem = os.path.splitext(path)[0]
    return {path + ext for ext in SIDECARS} | {stem + ext for ext in SIDECARS}


def check_not_inputs(outputs, inputs):
    """Refuse an output that is one of the inputs, lies inside an input
    folder (a sample folder), or whose sidecars (``.qml``, ``.json``,
    ``.aux.xml`` …) are an input's file or sidecars."""
    sources = {same_file_key(path): label for label, path in inputs}
    # an input's sidecars that exist: a file of the user's an output's own
    # sidecar would overwrite (a missing one is no loss)
    owned = {same_file_key(side): label for label, path in inputs for side in sidecars(path)
             if os.path.isfile(side)}
    folders = [(path, label) for label, path in inputs if os.path.isdir(path)]
    for definition, path in outputs:
        key = same_file_key(path)
        label = sources.get(key)
        if label is not None:
            raise QgsProcessingException(tr(
                "The output '{output}' ({path}) is the input '{input}': writing it would "
                "destroy your data. Choose another file name for '{output}'.").format(
                output=definition.description(), path=path, input=label))
        for folder, label in folders:
            if lies_inside(path, folder):
                raise QgsProcessingException(tr(
                    "The output '{output}' ({path}) lies inside the input folder '{input}', "
                    "whose files belong to it. Choose a file outside that folder.").format(
                    output=definition.description(), path=path, input=label))
        clash = next((owned[k] for k in map(same_file_key, sidecars(path)) if k in owned), None)
        if clash is None:
            clash = owned.get(key)
        if clash is not None:
            raise QgsProcessingException(tr(
                "The output '{output}' ({path}) shares its name with the input '{input}': its "
                "style, report or metadata files (.qml, .json, .aux.xml) would overwrite the "
                "input's. Choose another file name for '{output}'.").format(
                output=definition.description(), path=path, input=clash))


def check_outputs_distinct(outputs, parameters, context):
    """Refuse two outputs of one run on the same file (and layer)."""
    seen = {}
    for definition, path in outputs:
        key = (same_file_key(path), destination_layer(parameters.get(definition.name()), context))
        if key in seen:
            raise QgsProcessingException(tr(
                "The outputs '{first}' and '{second}' are the same file ({path}): one would "
                "overwrite the other. Give each output its own file.").format(
                first=seen[key], second=definition.description(), path=path))
        seen[key] = definition.description()


def missing_folders(folder):
    """The folders that would have to be made for ``folder`` to exist,
    outermost first."""
    missing = []
    while folder and not os.path.isdir(folder):
        if os.path.exists(folder):  # a file where a folder must be
            break
        missing.insert(0, folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return missing


def check_writable(definition, path, guard):
    """Make sure the output's folder exists and takes a new file (a probe
    written and removed: permissions, read-only disks and root alike).
    Folders made here are recorded in ``guard`` so a failed run removes
    them again."""
    target = os.path.abspath(path)
    folder = target if definition.type() == "folderDestination" else os.path.dirname(target)
    if os.path.isdir(target) and definition.type() != "folderDestination":
        raise QgsProcessingException(tr(
            "The output '{output}' ({path}) is an existing folder. Give a file name.").format(
            output=definition.description(), path=path))
    try:
        for made in missing_folders(folder):
            os.mkdir(made)
            guard.made_folder(made)
        probe = os.path.join(folder, f".minewatch-write-test-{uuid.uuid4().hex[:8]}")
        with open(probe, "w"):
            pass
        os.remove(probe)
        if os.path.isfile(target) and not os.access(target, os.W_OK):
            raise PermissionError(target)
    except OSError as exc:
        raise QgsProcessingException(tr(
            "The output '{output}' cannot be written to {path}: {reason}. Choose a folder "
            "you can write to (e.g. in your home or documents folder).").format(
            output=definition.description(), path=path,
            reason=exc.strerror or type(exc).__name__)) from None


def check_outputs_against_inputs(algorithm, parameters, context, outputs=None):
    """No output is, lies inside or is a sidecar of an input (of the
    algorithm, or of the graphical model it runs in), and no two
    outputs share a path (``outputs``: :func:`output_files`, read when None)."""
    if outputs is None:
        outputs = output_files(algorithm, parameters, context)
    check_not_inputs(outputs, input_files(algorithm, parameters, context)
                     + model_input_files(context))
    check_outputs_distinct(outputs, parameters, context)


def check_destinations(algorithm, parameters, context, guard):
    """Every check of this module, before the run starts."""
    outputs = output_files(algorithm, parameters, context)
    if not outputs:
        return
    from ..core.raster.raster_io import check_raster_output

    check_outputs_against_inputs(algorithm, parameters, context, outputs)
    for definition, path in outputs:
        if definition.type() == "rasterDestination":
            check_raster_output(path)
        check_writable(definition, path, guard)
