"""Write the demo's input data into a folder: a synthetic 40-date SAR
amplitude stack (float32 GeoTIFF, EPSG:32650, 10 m pixels) with 150
planted persistent scatterers."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "build", "plugins"))

from minewatch.core.sim_amplitude import simulate_amplitude_stack, write_stack  # noqa: E402


def main(folder):
    os.makedirs(folder, exist_ok=True)
    stack, rows, _ = simulate_amplitude_stack(height=200, width=300, n_dates=40,
                                              n_ps=150, seed=0)
    path = write_stack(os.path.join(folder, "amplitude_stack.tif"), stack)
    print(f"{path}: {stack.shape[0]} dates, {stack.shape[1]}×{stack.shape[2]} px, "
          f"{len(rows)} planted PS")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demo_output")
