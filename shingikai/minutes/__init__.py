"""Minutes (会議録): drafted from the meeting's record, edited as text, confirmed by the
members who attended, approved at a later meeting, and kept revision by revision."""
