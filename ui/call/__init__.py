"""The call window: its views, the bridge from the engine, and the controllers."""
