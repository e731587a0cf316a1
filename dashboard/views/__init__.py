"""Workspace pages: thin views that call selectors and services and render templates."""
