import { render } from 'preact'

function Hello() {
  return <p>hello</p>
}
render(<Hello />, document.getElementById('app')!)
