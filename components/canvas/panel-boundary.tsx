"use client";

import { Component, type ReactNode } from "react";

/**
 * Keeps a settings form that cannot render a stored config (hand-edited JSON, an older
 * shape) from taking the editor down; the fallback offers to reset the node's settings.
 */
export class PanelBoundary extends Component<{ fallback: (error: Error, reset: () => void) => ReactNode; resetKey: string; children: ReactNode }, { error: Error | null; key: string }> {
  state = { error: null as Error | null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  render() {
    if (this.state.error) return this.props.fallback(this.state.error, () => this.setState({ error: null }));
    return this.props.children;
  }
}
