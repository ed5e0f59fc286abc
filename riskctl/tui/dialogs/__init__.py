"""Modal dialogs: forms that write through the services, pickers and confirmations."""
