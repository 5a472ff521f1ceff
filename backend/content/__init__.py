"""Health-education content: advice articles (versions, publishing, matching) and their editors."""
