"""Peak memory of a riskctl process, as the bench reads it."""

# Runs riskctl with the arguments given and prints its peak memory (VmHWM) on stderr as it
# exits: `python -c PEAK_WRAPPER ARGS…`.
PEAK_WRAPPER = """
import atexit, runpy, sys

def peak():
    with open("/proc/self/status") as status:
        sys.stderr.write("".join(x for x in status if x.startswith("VmHWM:")))

atexit.register(peak)
sys.argv = ["riskctl", *sys.argv[1:]]
runpy.run_module("riskctl", run_name="__main__")
"""
