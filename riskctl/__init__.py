"""riskctl: risk register, yearly risk and significance analysis and internal control.

The package root stays light: importing it loads neither the store (SQLModel) nor any user
interface, so that `riskctl --help` starts fast. The domain API lives in `riskctl.services`.
"""

__version__ = "0.1.0"
