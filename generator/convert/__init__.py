"""Raw text → model: the parser, the grammar of markers, embeds, the model."""
