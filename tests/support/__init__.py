"""What the tests and the benchmarks share: a generator of Hub dumps, the pandas and polars peers of
the ecosystem pass, and the clustering evaluation. The benchmarks (bench/) import these; tests never
import bench/."""
