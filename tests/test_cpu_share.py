"""The model runs on the cores other programs leave free, unless the user chose a thread count."""

from __future__ import annotations

from docent.answering.cpu_share import busy_cores, cpu_times, threads_to_use


def test_a_core_kept_busy_by_another_program_takes_one_thread_away():
    assert threads_to_use(2, busy=1.0, cores=2) == 1
    assert threads_to_use(2, busy=0.1, cores=2) == 2  # the interface's own drawing is not a program
    assert threads_to_use(8, busy=2.0, cores=8) == 6
    assert threads_to_use(4, busy=7.9, cores=8) == 1  # never fewer than one
    assert threads_to_use(2, busy=None, cores=2) == 2  # unknown: as configured


def test_busy_cores_come_from_the_idle_share_of_the_time_watched():
    readings = iter([(1000, 4000), (1100, 4400)])  # 100 of 400 ticks idle: three quarters busy
    assert busy_cores(lambda: next(readings), cores=2, wait=lambda seconds: None) == 1.5
    assert busy_cores(lambda: None, cores=2, wait=lambda seconds: None) is None


def test_cpu_times_reads_the_aggregate_line(tmp_path):
    stat = tmp_path / "stat"
    stat.write_text("cpu  10 0 20 300 5 0 1 0 0 0\ncpu0 5 0 10 150 2 0 0 0 0 0\n")
    assert cpu_times(stat) == (305, 336)
    assert cpu_times(tmp_path / "missing") is None
