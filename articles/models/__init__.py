from articles.models.articles import Article, ArticleAuthor, RelatedArticle
from articles.models.authors import Author
from articles.models.autosaves import Autosave, EditingPresence
from articles.models.blocklist import Blocked
from articles.models.categories import Category
from articles.models.comments import Comment, ConfirmedAddress
from articles.models.images import Image
from articles.models.notes import StoryNote
from articles.models.pending import PendingChanges
from articles.models.publication import ArticleQuerySet
from articles.models.renditions import Rendition
from articles.models.revisions import VersionTags
from articles.models.search import SearchDocument
from articles.models.sharing import PreviewLink

__all__ = [
    "Article",
    "ArticleAuthor",
    "ArticleQuerySet",
    "Author",
    "Autosave",
    "Blocked",
    "Category",
    "Comment",
    "ConfirmedAddress",
    "EditingPresence",
    "Image",
    "PendingChanges",
    "PreviewLink",
    "RelatedArticle",
    "Rendition",
    "SearchDocument",
    "StoryNote",
    "VersionTags",
]
