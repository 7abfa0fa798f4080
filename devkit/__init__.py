"""Development-only code: never shipped in the plugin zip (``make
package`` leaves this folder out), used by the tests, the benches,
``make demo`` and ``make weights``.

* ``scenes``     — synthetic mining and village scenes with true labels;
* ``insar_sim``  — simulated PS time series and SAR amplitude stacks;
* ``references`` — slow exact references (brute-force dense CRF) and
  polygon matching used to score outlines;
* ``quicklook``  — the PNG quick-looks of the demo and the README.
"""
