"""The screens: the three workspaces, the start and welcome screens, help and risk detail."""
