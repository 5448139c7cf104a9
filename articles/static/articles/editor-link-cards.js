// Shows, inside the editor, a paragraph holding nothing but a YouTube or X link
// as the link card readers will see. Only a decoration: the stored HTML keeps
// the plain link, and magazine.richtext.link_cards draws the card for readers.
import { Extension, pm } from "django-prose-editor/editor"

function cardProvider(paragraph, providers) {
  if (paragraph.childCount !== 1) return null
  const text = paragraph.firstChild
  const link = text.isText && text.marks.length === 1 ? text.marks[0] : null
  if (!link || link.type.name !== "link") return null
  try {
    const url = new URL(link.attrs.href)
    return url.protocol === "https:" ? providers[url.hostname] || null : null
  } catch {
    return null
  }
}

export const LinkCards = Extension.create({
  name: "linkCards",

  addOptions() {
    return { providers: {} }
  },

  addProseMirrorPlugins() {
    const { providers } = this.options
    return [
      new pm.state.Plugin({
        props: {
          decorations(state) {
            const cards = []
            state.doc.descendants((node, position) => {
              if (node.type.name !== "paragraph") return true
              const provider = cardProvider(node, providers)
              if (provider) {
                cards.push(
                  pm.view.Decoration.node(position, position + node.nodeSize, {
                    class: `link-card link-card--${provider.toLowerCase()}`,
                    "data-link-card": provider,
                  }),
                )
              }
              return false
            })
            return pm.view.DecorationSet.create(state.doc, cards)
          },
        },
      }),
    ]
  },
})
