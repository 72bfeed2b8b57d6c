/** antd's theme for the whole application: the red of official documents, square-ish corners. */
export const theme = { token: { colorPrimary: '#b71c1c', borderRadius: 4 } };
