"""From a news article to cited incidents: recognition, roles, resolution, events, dates."""
