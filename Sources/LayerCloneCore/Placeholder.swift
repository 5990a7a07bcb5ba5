enum LayerCloneCorePlaceholder {}
