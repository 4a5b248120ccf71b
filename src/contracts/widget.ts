// What the chat page and the server agree on without a schema.

/** The shop the chat page (`/`) shows without `?shop=`; the server frames that page by this shop's allowed_origins. */
export const DEFAULT_WIDGET_SHOP = 'demo-zh';
