enum CommerceLayerAPIPlaceholder {}
