// Aids for writing in the rich-text editor: a word count and reading time, text
// pasted from Word or Google Docs kept as far as the site can show it, and
// pictures pasted or dropped into the body uploaded into the image library (each
// asked for its alt text) instead of vanishing. What cannot be kept is said.
import { Extension, pm, Table as BaseTable } from "django-prose-editor/editor"

// Tiptap would inject its core styles as an inline <style>, which the site's CSP
// refuses (a console error on every page with an editor); they are served from
// magazine/prose-editor-core.css, and an empty tag in their place stops the attempt
// (the CSP allows an empty style element by its hash: EMPTY_STYLE in settings).
if (!document.querySelector("style[data-tiptap-style]")) {
  const placeholder = document.createElement("style")
  placeholder.setAttribute("data-tiptap-style", "")
  document.head.append(placeholder)
}

// Tables without the inline widths Tiptap writes on them (which the CSP refuses
// and the saved body would drop anyway): replaces the editor's own Table.
export const Table = BaseTable.extend({
  renderHTML({ HTMLAttributes }) {
    return ["table", HTMLAttributes, ["tbody", 0]]
  },
})

const format = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => values[key])
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu

export function countWords(text) {
  return (text.match(WORD) || []).length
}

// Word and Google Docs mark bold and italic with styles, headings with any level
// and lists with paragraphs of their own classes; the editor's schema reads tags.
// Style attributes and elements are renamed and dropped before the HTML is parsed:
// parsing them at all is refused by the CSP, with an error per attribute.
export function cleanPastedHTML(html, found) {
  const inert = html
    .replace(/<style[\s\S]*?<\/style>/gi, "")
    .replace(/<[^>]+>/g, (tag) => tag.replace(/\sstyle\s*=/gi, " data-pasted-style="))
  const doc = new DOMParser().parseFromString(inert, "text/html")
  const body = doc.body
  for (const wrapper of body.querySelectorAll('b[id^="docs-internal-guid"]')) {
    wrapper.replaceWith(...wrapper.childNodes)
  }
  for (const junk of body.querySelectorAll("o\\:p, style, meta, link, xml")) junk.remove()
  for (const marker of body.querySelectorAll('span[data-pasted-style*="mso-list:Ignore" i]')) {
    const paragraph = marker.closest("p")
    if (paragraph) paragraph.dataset.marker = marker.textContent
    marker.remove()
  }
  for (const span of body.querySelectorAll("span[data-pasted-style]")) {
    const style = span.getAttribute("data-pasted-style")
    let inner = [...span.childNodes]
    for (const [pattern, tag] of [
      [/font-weight:\s*(bold|[6-9]00)/i, "strong"],
      [/font-style:\s*italic/i, "em"],
      [/text-decoration[^;]*line-through/i, "s"],
    ]) {
      if (!pattern.test(style)) continue
      const element = doc.createElement(tag)
      element.append(...inner)
      inner = [element]
    }
    span.replaceWith(...inner)
  }
  for (const heading of body.querySelectorAll("h1, h5, h6")) {
    const level = heading.tagName === "H1" ? "h2" : "h4"
    const replacement = doc.createElement(level)
    replacement.append(...heading.childNodes)
    heading.replaceWith(replacement)
  }
  wordLists(doc, body)
  for (const image of body.querySelectorAll("img")) {
    const src = image.getAttribute("src") || ""
    if (src.startsWith("data:image/")) found.pictures.push({ src, alt: image.getAttribute("alt") || "" })
    else found.dropped += 1
    image.remove()
  }
  for (const styled of body.querySelectorAll("[data-pasted-style]")) {
    styled.removeAttribute("data-pasted-style")
  }
  return body.innerHTML
}

// Word's lists arrive as paragraphs classed MsoListParagraph…, their bullet or
// number in a span now removed; consecutive ones become one list.
function wordLists(doc, body) {
  const items = [...body.querySelectorAll('p[class^="MsoListParagraph"], p[data-pasted-style*="mso-list" i]')]
  let list = null
  for (const paragraph of items) {
    const previous = paragraph.previousElementSibling
    if (!list || previous !== list) {
      const ordered = /^\s*\(?\w{1,3}[.)]/.test(paragraph.dataset.marker || "")
      list = doc.createElement(ordered ? "ol" : "ul")
      paragraph.before(list)
    }
    const item = doc.createElement("li")
    item.append(...paragraph.childNodes)
    list.append(item)
    paragraph.remove()
  }
}

function dataURLToFile(src, index) {
  const [header, data] = src.split(",", 2)
  const type = header.slice(5).split(";")[0]
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
  return new File([bytes], `pasted-picture-${index + 1}.${type.split("/")[1] || "png"}`, { type })
}

function isPicture(file) {
  return file.type.startsWith("image/")
}

export const EditorAids = Extension.create({
  name: "editorAids",

  addOptions() {
    return { uploadUrl: null, wordsPerMinute: 230, messages: {} }
  },

  onCreate() {
    const wrapper = this.editor.options.element
    const status = document.createElement("p")
    status.className = "prose-editor-status"
    status.innerHTML = '<span class="prose-editor-status__count"></span> <span class="prose-editor-status__message" role="status" aria-live="polite"></span>'
    wrapper.after(status)
    this.storage.status = status
    this.storage.counter = status.firstElementChild
    this.storage.message = status.lastElementChild
    this.storage.count = () => {
      const { doc } = this.editor.state
      const words = countWords(doc.textBetween(0, doc.content.size, " ", " "))
      const minutes = Math.max(1, Math.round(words / this.options.wordsPerMinute))
      const messages = this.options.messages
      this.storage.counter.textContent = format(words === 1 ? messages.word : messages.words, { count: words.toLocaleString() }) + " · " + format(messages.readingTime, { minutes })
    }
    this.storage.count()
    const label = document.querySelector(`label[for="${wrapper.querySelector("textarea")?.id}"]`)
    if (label) {
      this.editor.view.dom.setAttribute("aria-label", label.textContent.replace(/:\s*$/, ""))
    }
    this.editor.view.dom.setAttribute("aria-multiline", "true")
    this.editor.view.dom.setAttribute("role", "textbox")
  },

  onUpdate() {
    cancelAnimationFrame(this.storage.pending)
    this.storage.pending = requestAnimationFrame(() => this.storage.count())
  },

  addProseMirrorPlugins() {
    const extension = this
    const say = (text) => {
      extension.storage.message.textContent = text
    }
    let found = { pictures: [], dropped: 0 }

    async function askAndUpload(files, position) {
      const messages = extension.options.messages
      if (!extension.options.uploadUrl) {
        say(messages.noUpload)
        return
      }
      let inserted = 0
      for (const file of files) {
        const words = await askForWords(file, messages)
        if (!words) continue
        const picture = await upload(file, words, messages)
        if (!picture) continue
        const content = [{ type: "image", attrs: { src: picture.url, alt: picture.alt } }]
        if (picture.caption) content.push({ type: "caption", content: [{ type: "text", text: picture.caption }] })
        extension.editor.chain().focus().insertContentAt(position, { type: "figure", content }).run()
        position = extension.editor.state.selection.to
        inserted += 1
      }
      if (inserted) say(format(messages.uploaded, { count: inserted }))
    }

    async function upload(file, words, messages) {
      const body = new FormData()
      body.append("file", file)
      for (const [name, value] of Object.entries(words)) body.append(name, value)
      const token = document.querySelector("[name=csrfmiddlewaretoken]")?.value || ""
      say(format(messages.uploading, { name: file.name }))
      try {
        const response = await fetch(extension.options.uploadUrl, {
          method: "POST",
          body,
          headers: { "X-CSRFToken": token },
          credentials: "same-origin",
        })
        const data = await response.json()
        if (response.ok) return data
        say(format(messages.refused, { name: file.name, errors: Object.values(data.errors || {}).flat().join(" ") }))
      } catch {
        say(format(messages.failed, { name: file.name }))
      }
      return null
    }

    return [
      new pm.state.Plugin({
        props: {
          transformPastedHTML(html) {
            found = { pictures: [], dropped: 0 }
            return cleanPastedHTML(html, found)
          },
          handlePaste(view, event) {
            const files = [...(event.clipboardData?.files || [])].filter(isPicture)
            if (files.length && !event.clipboardData.getData("text/html")) {
              askAndUpload(files, view.state.selection.from)
              return true
            }
            // After the text is in: its embedded pictures, and what could not be kept.
            const pasted = found
            found = { pictures: [], dropped: 0 }
            queueMicrotask(() => {
              const messages = extension.options.messages
              if (pasted.dropped) say(format(messages.dropped, { count: pasted.dropped }))
              if (pasted.pictures.length) {
                askAndUpload(pasted.pictures.map((picture, index) => dataURLToFile(picture.src, index)), view.state.selection.to)
              }
            })
            return false
          },
          handleDrop(view, event, slice, moved) {
            const files = [...(event.dataTransfer?.files || [])].filter(isPicture)
            if (moved || !files.length) return false
            event.preventDefault()
            const target = view.posAtCoords({ left: event.clientX, top: event.clientY })
            askAndUpload(files, target ? target.pos : view.state.selection.from)
            return true
          },
        },
      }),
    ]
  },
})

// A dialog asking for a picture's words before it is uploaded; resolves with them,
// or null when the editor skips the picture.
function askForWords(file, messages) {
  return new Promise((resolve) => {
    const dialog = document.createElement("dialog")
    dialog.className = "prose-upload-dialog"
    dialog.setAttribute("aria-labelledby", "prose-upload-title")
    dialog.innerHTML = `
      <form method="dialog">
        <h2 id="prose-upload-title"></h2>
        <img alt="" class="prose-upload-dialog__preview">
        <div class="form-row"><label for="prose-upload-alt" class="required"></label>
          <input id="prose-upload-alt" name="alt_text" maxlength="300" required class="vTextField"></div>
        <div class="form-row"><label for="prose-upload-caption"></label>
          <input id="prose-upload-caption" name="caption" maxlength="500" class="vTextField"></div>
        <div class="form-row"><label for="prose-upload-credit"></label>
          <input id="prose-upload-credit" name="credit" maxlength="200" class="vTextField"></div>
        <p class="help"></p>
        <div class="submit-row">
          <button type="submit" value="upload" class="default"></button>
          <button type="button" value="skip" class="button"></button>
        </div>
      </form>`
    dialog.querySelector("h2").textContent = format(messages.dialogTitle, { name: file.name })
    const labels = dialog.querySelectorAll("label")
    labels[0].textContent = messages.altText
    labels[1].textContent = messages.caption
    labels[2].textContent = messages.credit
    dialog.querySelector(".help").textContent = messages.altHelp
    const [submit, skip] = dialog.querySelectorAll("button")
    submit.textContent = messages.upload
    skip.textContent = messages.skip
    const reader = new FileReader()
    reader.addEventListener("load", () => {
      dialog.querySelector("img").src = reader.result
    })
    reader.readAsDataURL(file)
    const finish = (value) => {
      dialog.close()
      dialog.remove()
      resolve(value)
    }
    skip.addEventListener("click", () => finish(null))
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault()
      finish(null)
    })
    dialog.querySelector("form").addEventListener("submit", (event) => {
      event.preventDefault()
      const form = event.target
      finish({
        alt_text: form.alt_text.value,
        caption: form.caption.value,
        credit: form.credit.value,
      })
    })
    document.body.append(dialog)
    dialog.showModal()
  })
}
