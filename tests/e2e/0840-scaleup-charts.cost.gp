# cost.gp - rental-equivalent cost against total cost of ownership (fleetsim 0.1.0)
#
# Draws cost.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot cost.gp
# or for one format:    gnuplot -e "fmt='pdf'" cost.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'cost.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 20260601, 4 replicates' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'deepseek_2026_scaleup: marginal (rental-equivalent) vs dedicated (TCO) cost' font ',24'
    set object 500 rect from screen 0.0402, screen 0.8649 to screen 0.0564, screen 0.8851 fc rgb '#009E73' fs solid 1.0 noborder front
    set label 500 'rental-equivalent' at screen 0.0629, screen 0.8750 left front
    set object 501 rect from screen 0.2269, screen 0.8649 to screen 0.2431, screen 0.8851 fc rgb '#0072B2' fs solid 1.0 noborder front
    set label 501 'capex or rent (jobs)' at screen 0.2496, screen 0.8750 left front
    set object 502 rect from screen 0.4363, screen 0.8649 to screen 0.4525, screen 0.8851 fc rgb '#E69F00' fs solid 1.0 noborder front
    set label 502 'energy' at screen 0.4590, screen 0.8750 left front
    set object 503 rect from screen 0.5397, screen 0.8649 to screen 0.5560, screen 0.8851 fc rgb '#D55E00' fs solid 1.0 noborder front
    set label 503 'lost work' at screen 0.5625, screen 0.8750 left front
    set object 504 rect from screen 0.6594, screen 0.8649 to screen 0.6757, screen 0.8851 fc rgb '#56B4E9' fs solid 1.0 noborder front
    set label 504 'idle capacity' at screen 0.6822, screen 0.8750 left front
    set object 505 rect from screen 0.8074, screen 0.8649 to screen 0.8236, screen 0.8851 fc rgb '#CC79A7' fs solid 1.0 noborder front
    set label 505 'rent paid (fleet)' at screen 0.8301, screen 0.8750 left front
    set lmargin at screen 0.103
    set rmargin at screen 0.640
    set bmargin at screen 0.133
    set tmargin at screen 0.760
    set xrange [-0.6:2.6]
    set xtics ('next_model'."\nTCO 0.96x rental" 0, 'next_posttrain'."\nTCO 0.96x rental" 1, 'next_nvidia'."\nTCO 0.90x rental" 2) norotate
    set ylabel 'USD (millions)'
    set format y '$%gM'
    set yrange [0:242.141]
    set title 'Per job (mean of 4 replicates)'
    set label 200 '$210.6M' at -0.200, 210.558 center offset 0,0.7 font ',17'
    set label 201 '$202.3M' at 0.200, 202.299 center offset 0,0.7 font ',17'
    set label 202 '$9.401M' at 0.800, 9.40132 center offset 0,0.7 font ',17'
    set label 203 '$9.033M' at 1.200, 9.03258 center offset 0,0.7 font ',17'
    set label 204 '$182.3M' at 1.800, 182.301 center offset 0,0.7 font ',17'
    set label 205 '$163.8M' at 2.200, 163.804 center offset 0,0.7 font ',17'
    plot \
        'cost.dat' index 0 using ($1-0.2):(0):($1-0.38):($1-0.02):(0)/1e+06:($2)/1e+06 with boxxyerror fc rgb '#009E73' fs solid 1.0 border lc rgb '#ffffff', \
        'cost.dat' index 0 using ($1+0.2):(0):($1+0.02):($1+0.38):(0)/1e+06:($3)/1e+06 with boxxyerror fc rgb '#0072B2' fs solid 1.0 border lc rgb '#ffffff', \
        'cost.dat' index 0 using ($1+0.2):(0):($1+0.02):($1+0.38):($3)/1e+06:($3+$4)/1e+06 with boxxyerror fc rgb '#E69F00' fs solid 1.0 border lc rgb '#ffffff', \
        'cost.dat' index 0 using ($1+0.2):(0):($1+0.02):($1+0.38):($3+$4)/1e+06:($3+$4+$5)/1e+06 with boxxyerror fc rgb '#D55E00' fs solid 1.0 border lc rgb '#ffffff', \
        'cost.dat' index 0 using ($1+0.2):(0):($1+0.02):($1+0.38):($3+$4+$5)/1e+06:($3+$4+$5+$6)/1e+06 with boxxyerror fc rgb '#56B4E9' fs solid 1.0 border lc rgb '#ffffff'
    unset label 200
    unset label 201
    unset label 202
    unset label 203
    unset label 204
    unset label 205
    unset object 500
    unset label 500
    unset object 501
    unset label 501
    unset object 502
    unset label 502
    unset object 503
    unset label 503
    unset object 504
    unset label 504
    unset object 505
    unset label 505
    unset label 100
    set lmargin at screen 0.740
    set rmargin at screen 0.970
    set bmargin at screen 0.133
    set tmargin at screen 0.760
    set xrange [-0.6:1.6]
    set xtics ('rental' 0, "TCO\n0.76x rental" 1) norotate
    set ylabel 'USD (billions)'
    set format y '$%gB'
    set yrange [0:9.33706]
    set title 'Whole fleet, 1096 days'
    set label 400 '$8.12B' at 0, 8.11918 center offset 0,0.7 font ',17'
    set label 401 '$6.17B' at 1, 6.16572 center offset 0,0.7 font ',17'
    plot \
        'cost.dat' index 1 using ($1+0):(0):($1-0.35):($1+0.35):(0)/1e+09:($2)/1e+09 with boxxyerror fc rgb '#009E73' fs solid 1.0 border lc rgb '#ffffff', \
        'cost.dat' index 1 using ($1+1):(0):($1+0.65):($1+1.35):(0)/1e+09:($3)/1e+09 with boxxyerror fc rgb '#0072B2' fs solid 1.0 border lc rgb '#ffffff', \
        'cost.dat' index 1 using ($1+1):(0):($1+0.65):($1+1.35):($3)/1e+09:($3+$4)/1e+09 with boxxyerror fc rgb '#E69F00' fs solid 1.0 border lc rgb '#ffffff', \
        'cost.dat' index 1 using ($1+1):(0):($1+0.65):($1+1.35):($3+$4)/1e+09:($3+$4+$5)/1e+09 with boxxyerror fc rgb '#CC79A7' fs solid 1.0 border lc rgb '#ffffff'
    unset multiplot
    set output
}
